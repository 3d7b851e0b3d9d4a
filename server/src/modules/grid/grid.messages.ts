import type { Messages } from '../../http/messages.ts';

/** The grid module's server messages (error texts), in both languages. */
export const GRID_MESSAGES: Messages = {
  // unmasked exports (docs/security.md item 18)
  'grid.export.own_request': {
    zh: '不能审批自己申请的未脱敏导出，须由另一人审批',
    en: 'Someone else must approve your own unmasked export',
  },
  'grid.export.not_approved': { zh: '该未脱敏导出尚未审批', en: 'This unmasked export is not approved yet' },
  'grid.export.already_downloaded': {
    zh: '该未脱敏导出已下载过，每次审批只能下载一次',
    en: 'This unmasked export was downloaded already; each approval allows one download',
  },
  'grid.export.already_approved': { zh: '该申请已审批', en: 'This request is approved already' },
  // reports
  'grid.type_unknown': { zh: '事件类型不存在或与类别不符', en: 'Unknown event type for this class' },
  'grid.unit_not_village': { zh: '请选择村（社区）', en: 'Choose a village or community' },
  'grid.grid_mismatch': { zh: '网格不属于所选村（社区）', en: 'The grid does not belong to that village' },
  'grid.idempotency_mismatch': {
    zh: '同一个 Idempotency-Key 已用于内容不同的上报',
    en: 'This Idempotency-Key was already used with a different report',
  },
  'grid.idempotency_key': {
    zh: 'Idempotency-Key 应为 8–100 个字母、数字或 -_:',
    en: 'Idempotency-Key must be 8–100 letters, digits or -_:',
  },
  // photos
  'grid.photo_unknown': { zh: '照片不存在或已被使用', en: 'Unknown or already used photo' },
  'grid.photo_invalid': {
    zh: '文件内容不是有效的 JPEG/PNG/WebP 图片',
    en: 'The file is not a valid JPEG/PNG/WebP image',
  },
  'grid.photo_too_large': { zh: '照片不能超过 700 KB', en: 'A photo may not exceed 700 KB' },
  // the workflow
  'grid.forbidden_transition': {
    zh: '当前状态下不能执行此操作',
    en: 'This action is not allowed in the current state',
  },
  'grid.reason_required': { zh: '请填写原因或处理说明', en: 'A reason or note is required' },
  'grid.handler_required': {
    zh: '请指定承办村（社区）或部门',
    en: 'Choose a handling village or department',
  },
  'grid.escalate_to_required': { zh: '请选择上报层级', en: 'Choose the level to escalate to' },
  'grid.level_required': { zh: '请选择督办等级', en: 'Choose a supervision level' },
  'grid.days_required': { zh: '请填写延期天数', en: 'Give the number of extra days' },
  'grid.recall_not_reporter': { zh: '只有上报人可以撤回', en: 'Only the reporter can recall a report' },
  'grid.merge_self': { zh: '不能合并到自身', en: 'An event cannot be merged into itself' },
  'grid.merge_unknown': { zh: '要合并到的事件不存在', en: 'No such report to merge into' },
  // mediation
  'grid.not_a_dispute': { zh: '只有矛盾纠纷需要调解', en: 'Only disputes go through mediation' },
  'grid.mediation_step': { zh: '调解流程不允许这一步', en: 'This mediation step is not allowed now' },
  'grid.mediation_not_archived': {
    zh: '矛盾纠纷须调解归档后才能结案',
    en: 'A dispute can be closed only once its mediation is archived',
  },
  'grid.mediator_required': { zh: '请填写调解员', en: 'Name the mediator' },
  'grid.agreement_required': { zh: '请填写调解协议内容', en: 'Give the agreement' },
  'grid.referred_to_required': { zh: '请填写移交单位', en: 'Name where it was referred' },
  // the type dictionary
  'grid.duplicate_code': { zh: '编码已存在', en: 'This code already exists' },
  'grid.type_parent': {
    zh: '子类只能建在启用的一级类型下',
    en: 'A sub-type goes under an active top-level type of the same class',
  },
  'grid.type_parent_inactive': {
    zh: '上级类型已停用，请先启用上级类型',
    en: 'Its parent type is inactive; reactivate the parent first',
  },
  // campaigns
  'grid.campaign_sub_category': {
    zh: '专项行动没有这个子类',
    en: 'The campaign has no such sub-category',
  },
  'grid.campaign_unknown': { zh: '专项行动不存在', en: 'Unknown campaign' },
  'grid.campaign_sub_category_in_use': {
    zh: '已有案件登记在该子类下，不能删除',
    en: 'Cases are filed under this sub-category; it cannot be removed',
  },
  // dates and codes (the schemas' own messages)
  'grid.date_range': { zh: '开始日期不能晚于结束日期', en: 'The start date is after the end date' },
  'err.date.format': { zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
  'err.code.format': { zh: '编码只能含小写字母、数字和 _ . -', en: 'Codes use a-z, 0-9, _ . -' },
  // the ledgers as Excel
  'grid.excel.unreadable': {
    zh: '无法读取 Excel 文件（需 .xlsx）',
    en: 'Cannot read the Excel file (.xlsx needed)',
  },
  'grid.excel.header': {
    zh: '表头与台账模板不一致，请先导出模板再填写',
    en: 'The header does not match the ledger template; export the template first',
  },
  'grid.excel.required': { zh: '必填', en: 'Required' },
  'grid.excel.bad_value': { zh: '取值不在允许范围内', en: 'Not one of the allowed values' },
  'grid.excel.bad_date': { zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
  'grid.excel.unknown_unit': {
    zh: '村（社区）不存在或不在本辖区',
    en: 'Unknown village or outside your area',
  },
  'grid.excel.unknown_type': { zh: '纠纷类型不存在', en: 'Unknown dispute type' },
  'grid.excel.empty': { zh: '表中没有数据行', en: 'The sheet has no data rows' },
  'grid.excel.too_many': { zh: '一次最多导入 2000 行', en: 'At most 2,000 rows per import' },
};
