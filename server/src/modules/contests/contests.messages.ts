import type { Messages } from '../../http/messages.ts';
import { CONTESTS_TODO_MESSAGES } from './contests.todos.ts';

export const CONTESTS_MESSAGES: Messages = {
  ...CONTESTS_TODO_MESSAGES,
  'contests.err.code': {
    zh: '代码只能是小写字母、数字和下划线',
    en: 'A code is lower-case letters, digits and _',
  },
  'contests.err.template': { zh: '评比模板不存在', en: 'No such template' },
  'contests.err.level_township': {
    zh: '此模板由乡镇组织，请选择乡镇',
    en: 'This template is run by a township',
  },
  'contests.err.level_county': { zh: '此模板由县组织，请选择县', en: 'This template is run by a county' },
  'contests.err.unit_outside': { zh: '参评单位须在组织单位之下', en: 'A unit must lie under the organiser' },
  'contests.err.no_units': { zh: '没有参评单位', en: 'No units to rank' },
  'contests.err.criterion': { zh: '评分项不属于本评分表', en: 'This criterion is not on the score sheet' },
  'contests.err.criteria_missing': { zh: '请为评分表的每一项打分', en: 'Score every criterion of the sheet' },
  'contests.err.score_max': { zh: '得分超过该项满分', en: 'The score is above the criterion’s maximum' },
  'contests.err.judge_unknown': { zh: '评委账号不存在或已停用', en: 'No such active account' },
  'contests.err.judge_role': { zh: '该账号的角色不能评分', en: 'This account’s role cannot score' },
  'contests.err.judge_twice': { zh: '评委重复', en: 'This judge is listed twice' },
  'contests.err.no_judges': { zh: '请至少选择一位评委', en: 'Name at least one judge' },
  'contests.err.not_judge': { zh: '您不是本轮评委', en: 'You are not a judge of this round' },
  'contests.err.not_assigned': { zh: '该单位未分配给您评分', en: 'This unit is not assigned to you' },
  'contests.err.not_chair': { zh: '只有本轮主持人可以执行此操作', en: 'Only the round’s chair can do this' },
  'contests.err.closed': { zh: '本轮评比已收官', en: 'This round is closed' },
  'contests.err.locked': {
    zh: '您已提交该单位的评分，提交后不能修改',
    en: 'Your sheet for this unit is in and locked',
  },
  'contests.err.unit_not_in_round': { zh: '该单位不在本轮评比中', en: 'This unit is not in the round' },
  'contests.err.stage': { zh: '没有这个评比环节', en: 'No such stage' },
  'contests.err.photo': { zh: '照片不存在或不是您上传的', en: 'A photo is unknown or not yours' },
  'contests.err.photo_type': { zh: '照片须为 JPEG 或 PNG', en: 'A photo must be a JPEG or PNG' },
  'contests.err.no_change': { zh: '没有分数被修改', en: 'No score was changed' },
  'contests.err.conflict_of_interest': {
    zh: '按回避规定，您不能为该村评分（本村、联系村或已申请回避）',
    en: 'You may not score this unit (your own, linked to you, or excluded)',
  },
  'contests.err.source': {
    zh: '晋级来源须为本县之下的乡镇评比，且不能重复',
    en: 'A source must be a township round under the county, named once',
  },
  'contests.err.source_level': {
    zh: '只有县级评比（决赛）可以设置晋级来源',
    en: 'Only a county round (a final) takes source rounds',
  },
  'contests.err.source_units': {
    zh: '决赛的参评单位由各来源评比晋级产生，不能另行指定',
    en: 'A final’s units are the source rounds’ winners; do not name units',
  },
  'contests.err.not_final': {
    zh: '本轮评比没有晋级来源',
    en: 'This round has no source rounds',
  },
  'contests.err.final_started': {
    zh: '决赛已开始评分，不能再晋级',
    en: 'The final’s scoring has begun; no more winners can be advanced',
  },
  'contests.err.nothing_to_advance': {
    zh: '没有可晋级的评比：来源评比尚未收官，或其胜者已晋级',
    en: 'Nothing to advance: the source rounds are still open or already advanced',
  },
  'contests.err.final_empty': {
    zh: '决赛还没有参评单位，请先晋级各来源评比的胜者',
    en: 'The final has no units yet: advance the source rounds’ winners first',
  },
  'contests.err.idempotency_key': {
    zh: 'Idempotency-Key 应为 8–100 个字母、数字或 -_:',
    en: 'Idempotency-Key must be 8–100 letters, digits or -_:',
  },
  'contests.err.idempotency_mismatch': {
    zh: '同一个 Idempotency-Key 已用于内容不同的评分',
    en: 'This Idempotency-Key was already used with a different sheet',
  },
};
