import type { Messages } from '../../http/messages.ts';

export const SUPERVISION_MESSAGES: Messages = {
  'supervision.forbidden_transition': {
    zh: '该事项当前状态不允许此操作（可能已被他人处理，请刷新）',
    en: 'The item’s state does not allow this (someone may have acted on it: refresh)',
  },
  'supervision.reason_required': { zh: '请填写理由', en: 'Give a reason' },
  'supervision.err.reason_required': { zh: '请填写理由', en: 'Give a reason' },
  'supervision.evidence_missing': {
    zh: '佐证材料不足，上传齐全后才能销号',
    en: 'The evidence is not all in: an item is struck off only with its evidence',
  },
  'supervision.checker_is_owner': {
    zh: '销号须由责任人以外的验收人签批',
    en: 'An item is signed off by a checker other than its owner',
  },
  'supervision.not_the_checker': {
    zh: '该事项指定了验收人，只能由其验收',
    en: 'This item names its checker: only they can sign it off',
  },
  'supervision.not_owner': { zh: '只有责任人可以办理该事项', en: 'Only the item’s owner can work on it' },
  'supervision.closed': { zh: '该事项已销号', en: 'This item is struck off' },
  'supervision.stale': {
    zh: '该事项已被他人修改，请刷新后再改',
    en: 'Someone changed this item meanwhile: refresh and edit again',
  },
  'supervision.err.if_match': {
    zh: '修改须带上版本号（If-Match）',
    en: 'An edit needs the version it was based on (If-Match)',
  },
  'supervision.extension_not_later': {
    zh: '延期后的期限须晚于现期限',
    en: 'The new deadline must be later than the current one',
  },
  'supervision.extension_pending_exists': {
    zh: '已有待审批的延期申请',
    en: 'An extension request is already waiting',
  },
  'supervision.extension_closed': { zh: '已销号的事项不能延期', en: 'A struck-off item cannot be extended' },
  'supervision.extension_decided': { zh: '该延期申请已处理', en: 'This request has been decided' },
  'supervision.err.not_village': { zh: '请选择村（社区）', en: 'Choose a village or community' },
  'supervision.err.person_unit': {
    zh: '该人员不在本单位或其上级单位',
    en: 'This person is not of this unit or a unit above it',
  },
  'supervision.err.owner_required': { zh: '请指定责任人', en: 'Name the owner' },
  'supervision.err.file_empty': { zh: '文件为空', en: 'The file is empty' },
  'supervision.err.file_type': {
    zh: '只接受照片（JPG、PNG、WebP、HEIC）、PDF、Word 或 Excel 文件',
    en: 'Photos (JPG, PNG, WebP, HEIC), PDF, Word or Excel files only',
  },
  'supervision.err.file_unknown': { zh: '附件不属于该事项', en: 'A file does not belong to this item' },
  'supervision.err.team_unknown': { zh: '督导组不存在', en: 'No such supervision team' },
  'supervision.not_team_member': {
    zh: '只有督导组成员可以记录督导情况',
    en: 'Only the team’s members record its visits and findings',
  },
  'supervision.err.team_area': {
    zh: '该村不在督导组的负责范围内',
    en: 'The village is outside the team’s area',
  },
  'supervision.err.future': { zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  'supervision.err.month': { zh: '月份格式为 YYYY-MM', en: 'A month is YYYY-MM' },
  'supervision.review_decided': { zh: '该复核已有结论', en: 'This review has been decided' },
  'supervision.review_no_award': {
    zh: '该村当时未持有此星，无星可摘；请作“保留”结论',
    en: 'The village held no such star: decide to keep',
  },
  'supervision.todo.mine': { zh: '我负责的任务', en: 'My tasks' },
  'supervision.todo.mine_red': { zh: '我负责的逾期任务', en: 'My overdue tasks' },
  'supervision.todo.check': { zh: '待验收销号', en: 'Items to check and strike off' },
  'supervision.todo.escalated': { zh: '提级督办（红牌）', en: 'Escalated (red) items' },
  'supervision.todo.extensions': { zh: '待审批延期', en: 'Extension requests' },
  'supervision.todo.linked': { zh: '联系村预警事项', en: 'Alerts in my linked villages' },
  'supervision.todo.reviews': { zh: '星级动态复核', en: 'Star reviews' },
};
