import type { Strings } from '../../i18n/types';

/** The board's guidance: search, what waits for whom, what an action did and what comes next (under `grid.board`). */
export const boardZh = {
  search: '搜索编号、地点或描述',
  awaitingMe: '只看待我回复',
  awaitingTag: '待您回复',
  awaitingAlert: '此事件等待您单位回复办理结果：处置后点“回复办理结果”，写明办理情况，可附处置后的照片。',
  done: {
    accept: '已受理 {{code}}。下一步：派遣给承办村（社区）或部门。',
    dispatch: '已派遣 {{code}}。承办单位会在首页待办中看到它；回复后由网格中心核查。',
    start: '已签收 {{code}}。处置完成后请回复办理结果。',
    reply: '已回复 {{code}}。下一步：网格中心核查办理结果。',
    verify: '已核查 {{code}}。下一步：办结。',
    close: '已办结 {{code}}，计入办结统计。',
    return: '已回退 {{code}}。承办单位需重新办理并回复。',
    recall: '已撤回 {{code}}，不再办理。',
    escalate: '已将 {{code}} 上报上级。上级处理后可再派遣。',
    invalidate: '已作废 {{code}}，不计入统计。',
    supervise: '已对 {{code}} 督办，承办单位会看到督办标记。',
    extend: '已批准 {{code}} 延期。',
    mediation: '已记录 {{code}} 的调解环节：{{step}}。',
  },
  dueMoved: '办结时限：{{from}} → {{to}}（{{why}}）',
  dueSet: '办结时限：{{to}}（{{why}}）',
  dueWhy: {
    accept: '受理后按办理时限重新计算',
    extend: '批准延期',
    other: '进入新环节，按该环节的时限计算',
  },
  merge: {
    title: '合并为重复件？',
    content:
      '{{code}} 将标为 {{into}} 的重复件：本件作废（无效/重复），不再单独办理，后续在 {{into}} 中办理。',
    ok: '合并',
    done: '已将 {{code}} 合并到 {{into}}。本件已作废，请在 {{into}} 中继续办理。',
  },
  replyPhoto: '处置后的照片（可选）',
  addPhoto: '添加照片',
  removePhoto: '移除',
  moreTabs: '更多',
};

export const boardEn: Strings<typeof boardZh> = {
  search: 'Search code, place or description',
  awaitingMe: 'Only mine to answer',
  awaitingTag: 'Awaiting your reply',
  awaitingAlert:
    'This event waits for your unit’s answer: once handled, press “Reply with result”, say what was done and add a photo of the result if you have one.',
  done: {
    accept: '{{code}} accepted. Next: dispatch it to the village (community) or department that handles it.',
    dispatch:
      '{{code}} dispatched. The handling unit sees it among its to-dos; the centre verifies its reply.',
    start: '{{code}} taken on. Reply with the result once it is handled.',
    reply: 'Reply to {{code}} sent. Next: the grid centre verifies the result.',
    verify: '{{code}} verified. Next: close it.',
    close: '{{code}} closed; it counts as closed in the statistics.',
    return: '{{code}} sent back. The handling unit must handle it again and reply.',
    recall: '{{code}} withdrawn; it will not be handled.',
    escalate: '{{code}} escalated. It can be dispatched again once the higher level has decided.',
    invalidate: '{{code}} voided; it does not count in the statistics.',
    supervise: '{{code}} put under supervision; the handling unit sees the mark.',
    extend: 'Extension of {{code}} approved.',
    mediation: 'Mediation step recorded for {{code}}: {{step}}.',
  },
  dueMoved: 'Deadline: {{from}} → {{to}} ({{why}})',
  dueSet: 'Deadline: {{to}} ({{why}})',
  dueWhy: {
    accept: 'recounted from acceptance with the handling time limit',
    extend: 'extension approved',
    other: 'a new stage, counted with that stage’s time limit',
  },
  merge: {
    title: 'Merge as a duplicate?',
    content:
      '{{code}} becomes a duplicate of {{into}}: it is voided (invalid/duplicate), not handled on its own, and the work goes on in {{into}}.',
    ok: 'Merge',
    done: '{{code}} merged into {{into}}. It is voided; carry on in {{into}}.',
  },
  replyPhoto: 'Photo of the result (optional)',
  addPhoto: 'Add photo',
  removePhoto: 'Remove',
  moreTabs: 'More',
};
