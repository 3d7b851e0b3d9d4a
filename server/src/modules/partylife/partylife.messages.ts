import { PARTYLIFE_TODO_MESSAGES } from './partylife.todos.ts';

export const PARTYLIFE_MESSAGES = {
  ...PARTYLIFE_TODO_MESSAGES,
  'partylife.err.not_village': { zh: '只能选择村（社区）', en: 'Choose a village or community' },
  'partylife.err.not_member': {
    zh: '该人员不是本村党员',
    en: 'This person is not a party member of the village',
  },
  'partylife.err.duplicate': { zh: '重复填写', en: 'Listed twice' },
  'partylife.err.future': { zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  'partylife.err.topic_required': { zh: '请填写会议主题', en: 'Give the topic' },
  'partylife.err.title_required': { zh: '请填写标题', en: 'Give the title' },
  'partylife.err.attendance_required': { zh: '请登记党员到会情况', en: 'Record who attended' },
  'partylife.err.theme_day_only': {
    zh: '规定动作和特色动作只用于主题党日',
    en: 'Fixed and own actions belong to theme days',
  },
  'partylife.err.fixed_action': {
    zh: '不是本镇设定的规定动作',
    en: "Not one of the township's fixed actions",
  },
  'partylife.err.file_empty': { zh: '文件为空', en: 'The file is empty' },
  'partylife.err.photo_type': {
    zh: '只能上传照片（JPG、PNG、WebP、HEIC）',
    en: 'Photos only (JPG, PNG, WebP, HEIC)',
  },
  'partylife.err.make_up_done': { zh: '该补课已完成', en: 'This make-up is done already' },
  'partylife.err.settings_level': {
    zh: '设置只能由乡镇或县级保存',
    en: 'Settings are kept by a township or county',
  },
  'partylife.err.range': { zh: '结束日期不能早于开始日期', en: 'The end is before the start' },
  'partylife.err.forum_township': {
    zh: '书记论坛由乡镇登记',
    en: 'Forum sessions are recorded by a township',
  },
  'partylife.err.deadline_past': { zh: '期限不能早于今天', en: 'The deadline is in the past' },
  'partylife.err.rule_code': {
    zh: '编码为小写字母、数字和下划线',
    en: 'Codes are lower-case letters, digits and _',
  },
  'partylife.err.rule_meeting_type': {
    zh: '到会积分须选择会议类型',
    en: 'Attendance rules name a meeting type',
  },
  'partylife.err.rule_unknown': { zh: '不是可申报的积分项目', en: 'Not a points item that can be claimed' },
  'partylife.err.note_required': { zh: '请说明事由', en: 'Say what was done' },
  'partylife.err.claim_decided': { zh: '该申报已审核', en: 'This claim is decided already' },
  'partylife.err.reason_required': { zh: '不通过须说明理由', en: 'Give the reason for refusing' },
  'partylife.err.quota_zero': { zh: '名额不能为零', en: 'The quota cannot be zero' },
  'partylife.err.round_closed': { zh: '本轮评选已过推荐阶段', en: 'This round is past nominations' },
  'partylife.err.not_in_round': { zh: '该村不在本轮评选范围内', en: 'This village is not in the round' },
  'partylife.err.nominated': { zh: '已推荐过', en: 'Nominated already' },
  'partylife.err.nomination_step': { zh: '当前状态不能进行此操作', en: 'Not possible in its current state' },
  'partylife.err.quota_full': { zh: '推荐名额已满', en: 'The quota is used up' },
  'partylife.err.round_step': {
    zh: '评选当前阶段不能进行此操作',
    en: 'Not possible at this step of the round',
  },
  'partylife.err.publicity_open': {
    zh: '公示期未结束或仍有异议未答复，暂不能授予',
    en: 'The notice is still running or has objections unanswered',
  },
  'partylife.err.publicity_upheld': {
    zh: '公示异议成立，请重新审核后再公示',
    en: 'An objection to the notice was upheld: review and publish again',
  },
  'partylife.err.quarter_open': { zh: '该季度尚未结束', en: 'The quarter has not ended yet' },
  'partylife.err.no_points': { zh: '该季度没有积分记录', en: 'No points in this quarter' },
  'partylife.err.none_approved': { zh: '没有审核通过的推荐，不能公示', en: 'Nothing approved to publish' },
};
