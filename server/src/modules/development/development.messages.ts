import type { Messages } from '../../http/messages.ts';

/** The development module's server messages (errors and Excel problems), zh first. */
export const DEVELOPMENT_MESSAGES: Messages = {
  'development.stale': {
    zh: '该记录已被他人修改，请刷新后再改',
    en: 'Someone else changed this record; reload it and try again',
  },
  'development.err.if_match': {
    zh: '缺少记录版本（If-Match），请刷新后再改',
    en: 'The record version (If-Match) is missing; reload and try again',
  },
  'development.err.required': { zh: '必填', en: 'Required' },
  'development.err.invalid': { zh: '格式不正确', en: 'Invalid value' },
  'development.err.integer': { zh: '应为整数', en: 'A whole number is needed' },
  'development.err.decimal': { zh: '应为数字（最多两位小数）', en: 'A number with at most two decimals' },
  'development.err.range': { zh: '数值超出允许范围', en: 'Out of the allowed range' },
  'development.err.option': { zh: '取值不在可选项中', en: 'Not one of the allowed values' },
  'development.err.unknown_field': { zh: '不认识的字段', en: 'Unknown field' },
  'development.err.date_order': {
    zh: '结束日期不能早于开始日期',
    en: 'The end date is before the start date',
  },
  'development.err.built_on': { zh: '已建成的须填建成日期', en: 'A built centre needs its completion date' },
  'development.err.built_on_not_built': {
    zh: '未建成的不应填建成日期',
    en: 'A centre not yet built has no completion date',
  },
  'development.err.unit_unknown': {
    zh: '村（社区）不存在或不在本辖区',
    en: 'Unknown village, or outside your area',
  },
  'development.err.unit_ambiguous': {
    zh: '辖区内有同名单位，请在下级单位账号中导入',
    en: 'Two units in your area have this name; import from the lower unit’s account',
  },
  'development.err.person_unknown': {
    zh: '该身份证号未在本辖区人员信息中登记',
    en: 'No one with this ID number is registered in your area',
  },
  'development.err.name_mismatch': {
    zh: '姓名与该身份证号登记的姓名不一致',
    en: 'The name differs from the one registered with this ID number',
  },
  'development.err.parent_unknown': { zh: '所属记录不存在', en: 'The record it belongs to does not exist' },
  'development.err.outside_session': {
    zh: '签到日期不在培训起止日期内',
    en: 'The sign-in date is outside the training dates',
  },
  'development.err.outside_period': {
    zh: '签到日期不在活动期间内',
    en: 'The sign-in date is outside the campaign period',
  },
  'development.duplicate_attendance': {
    zh: '此人已在本次培训签到，不能重复登记',
    en: 'This person is already signed in to this session',
  },
  'development.duplicate_signin': {
    zh: '此人本期活动已签到，每期只计一次',
    en: 'This person has already signed in for this campaign period (counted once)',
  },
  'development.file_type': {
    zh: '只能上传图片（JPG/PNG/WebP/HEIC）、PDF 或 Office 文档',
    en: 'Upload images (JPG/PNG/WebP/HEIC), PDF or Office documents only',
  },
  'development.file_too_large': {
    zh: '文件过大（每个不超过 10 MB）',
    en: 'The file is too large (10 MB each at most)',
  },
  'development.file_empty': { zh: '文件为空', en: 'The file is empty' },
  'development.no_files': {
    zh: '该台账的记录不带附件',
    en: 'Records of this registry carry no files',
  },
  'development.has_files': {
    zh: '该记录还有凭证或附件，请先删除附件',
    en: 'Files are still attached to this record; delete them first',
  },
  'development.has_children': {
    zh: '该记录下还有签到、企业或进展等记录，不能删除',
    en: 'Records still belong to this one; it cannot be deleted',
  },
  'development.placement_followed_up': {
    zh: '已回访的就业记录不能修改就业日期',
    en: 'A placement already followed up keeps its start date',
  },
  'development.follow_up.not_due': { zh: '尚未到回访日期', en: 'This follow-up is not due yet' },
  'development.follow_up.already_done': { zh: '该次回访已登记', en: 'This follow-up is already recorded' },
  'development.follow_up.out_of_order': {
    zh: '请先登记 3 个月回访',
    en: 'Record the 3-month follow-up first',
  },
  'development.follow_up.future': {
    zh: '回访日期不能晚于今天',
    en: 'The follow-up date cannot be in the future',
  },
  'development.labour.out_of_age': {
    zh: '此人不在 16–60 周岁劳动年龄内',
    en: 'This person is not of labour age (16–60)',
  },
  'development.excel.unreadable': {
    zh: '无法读取 Excel 文件（需 .xlsx）',
    en: 'Cannot read the Excel file (.xlsx needed)',
  },
  'development.excel.header': {
    zh: '表头与模板不一致，请先下载模板再填写',
    en: 'The header does not match the template; download the template first',
  },
  'development.excel.empty': { zh: '表中没有数据行', en: 'The sheet has no data rows' },
  'development.excel.too_many': { zh: '一次最多导入 20000 行', en: 'At most 20,000 rows per import' },
  'development.excel.rows_invalid': {
    zh: '以下行有误，整表未导入，请改正后重新导入',
    en: 'Some rows are invalid; nothing was imported. Fix them and import again',
  },
  'development.excel.duplicate_row': {
    zh: '与表中前面的行重复',
    en: 'Repeats an earlier row of the sheet',
  },
};
