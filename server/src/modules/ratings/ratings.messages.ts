import type { Messages } from '../../http/messages.ts';

/** The ratings module's server messages (error texts), in the manifest's `messages`. */
export const ratingsMessages: Messages = {
  'ratings.err.code_format': {
    zh: '代码只能含小写字母、数字、下划线和点，以字母开头',
    en: 'A code uses lower-case letters, digits, _ and . and starts with a letter',
  },
  'ratings.err.indicator_incomplete': {
    zh: '该类型的指标缺少必填项（门槛、单位、事实或佐证数量）',
    en: 'This indicator type needs this field (threshold, unit, fact or file count)',
  },
  'ratings.err.duplicate_code': { zh: '代码重复', en: 'Duplicate code' },
  'ratings.err.unknown_star': { zh: '星级类型不存在', en: 'Unknown star type' },
  'ratings.err.unknown_fact': {
    zh: '派生指标引用了未注册的事实',
    en: 'The derived indicator names an unknown fact',
  },
  'ratings.standard_exists': {
    zh: '该年度该类型的标准已存在',
    en: 'A standard for this year and kind exists',
  },
  'ratings.standard_published': {
    zh: '已发布的标准不可修改，请新建下一年度草稿',
    en: 'A published standard cannot change; start a new year from it',
  },
  'ratings.no_standard': {
    zh: '该年度尚未发布评星标准',
    en: 'No star standard has been published for this year',
  },
  'ratings.unknown_star': { zh: '该星不在本年度标准中', en: 'This star is not in the year’s standard' },
  'ratings.target_in_progress': {
    zh: '已提交的争创星不能从目标中移除',
    en: 'A star already submitted cannot be removed from the targets',
  },
  'ratings.forbidden_transition': {
    zh: '当前状态下不能执行此操作',
    en: 'This action is not allowed in the current state',
  },
  'ratings.reason_required': { zh: '请填写理由', en: 'A reason is required' },
  'ratings.locked': {
    zh: '数据已提交或已审核通过，不能修改',
    en: 'The data is locked once submitted or accepted',
  },
  'ratings.unknown_indicator': { zh: '指标不存在', en: 'No such indicator' },
  'ratings.incomplete': {
    zh: '还有指标未自评或缺少佐证材料',
    en: 'Some indicators are not self-assessed or lack evidence',
  },
  'ratings.not_all_accepted': {
    zh: '须逐项审核通过全部指标后才能推荐',
    en: 'Every indicator must be accepted before recommending',
  },
  'ratings.nothing_returned': {
    zh: '请先退回至少一项指标并写明意见',
    en: 'Return at least one indicator with a comment first',
  },
  'ratings.not_eligible': { zh: '该星未达到标准', en: 'The star does not meet the standard' },
  'ratings.capstone': {
    zh: '支部过硬星须在其他四星均获评后授予（可在标准中关闭此规则）',
    en: 'The strong-branch star needs every other star (a switch in the standard)',
  },
  'ratings.notice_open': { zh: '公示期未满', en: 'The notice period has not ended' },
  'ratings.notice_closed': { zh: '公示期已结束，不再受理异议', en: 'The notice period has ended' },
  'ratings.open_objections': { zh: '尚有未处理的异议', en: 'Objections are still open' },
  'ratings.nothing_to_publish': {
    zh: '没有已评定、待公示的争创星',
    en: 'Nothing rated and waiting for a notice',
  },
  'ratings.objection_resolved': { zh: '该异议已处理', en: 'This objection has been resolved' },
  'ratings.not_in_notice': { zh: '该项目不在本公示中', en: 'That item is not in this notice' },
  'ratings.excel.unreadable': {
    zh: '无法读取该文件，请上传导出的 .xlsx 评定表',
    en: 'The file cannot be read; upload the exported .xlsx rating table',
  },
  'ratings.excel.too_many': { zh: '一次最多导入 20000 行', en: 'At most 20,000 rows per import' },
  'ratings.file_type': {
    zh: '只能上传图片（JPG/PNG/WebP/HEIC）、PDF 或 Office 文档',
    en: 'Upload images (JPG/PNG/WebP/HEIC), PDF or Office documents only',
  },
  'ratings.file_too_large': { zh: '文件过大', en: 'The file is too large' },
  'ratings.file_empty': { zh: '文件为空', en: 'The file is empty' },
  'ratings.pdf_font_missing': {
    zh: '服务器缺少生成 PDF 所需的中文字体，暂时无法生成文件，请联系系统管理员',
    en: 'The server lacks the Chinese font PDFs need; please contact the administrator',
  },
  'ratings.import_failed': {
    zh: '导入失败：有行存在错误，未写入任何数据',
    en: 'Import failed: some rows have errors; nothing was written',
  },
};
