import type { Strings } from '../../i18n/types';

/** The ledgers' Excel, and the unmasked export's request, approval and one download. */
export const unmaskedZh = {
  title: '明文导出（需审批）',
  intro:
    '上方导出的台账中身份证号和手机号均已脱敏。确需完整号码时，请说明理由提出申请，由乡镇或县级另一位负责人审批后，申请人可下载一次。',
  request: '申请明文导出',
  reason: '申请理由',
  reasonRule: '请说明理由（4 至 200 字）',
  submit: '提交申请',
  requested: '已提交申请。下一步：等待乡镇或县级负责人审批，批准后可在此下载一次。',
  approve: '批准',
  approveConfirm: '批准后，{{name}} 可下载一次含完整身份证号和手机号的台账。确定批准？',
  approved: '已批准。申请人现在可以下载一次；下载后该批准即失效。',
  download: '下载（仅一次）',
  downloaded: '已下载。该批准已用完，如需再次导出请重新申请。',
  none: '暂无申请',
  requestedBy: '申请人',
  approvedBy: '审批人',
  at: '申请时间',
  status: { pending: '待审批', approved: '已批准，待下载', downloaded: '已下载' },
  waiting: '等待他人审批',
};

export const unmaskedEn: Strings<typeof unmaskedZh> = {
  title: 'Export with full numbers (needs approval)',
  intro:
    'The exports above mask ID numbers and phones. If the full numbers are really needed, ask with a reason; another official at the township or county approves, and then the one who asked downloads it once.',
  request: 'Ask for an export with full numbers',
  reason: 'Reason',
  reasonRule: 'Give a reason (4 to 200 characters)',
  submit: 'Send request',
  requested:
    'Request sent. Next: a township or county official approves it, then you can download it here once.',
  approve: 'Approve',
  approveConfirm:
    'Once approved, {{name}} can download the ledger with full ID numbers and phones once. Approve?',
  approved: 'Approved. The one who asked can now download it once; the approval ends with that download.',
  download: 'Download (once)',
  downloaded: 'Downloaded. The approval is used up; ask again for another export.',
  none: 'No requests',
  requestedBy: 'Asked by',
  approvedBy: 'Approved by',
  at: 'Asked on',
  status: { pending: 'Awaiting approval', approved: 'Approved, not downloaded', downloaded: 'Downloaded' },
  waiting: 'Awaiting someone else’s approval',
};

export const excelZh = {
  export: '导出 Excel',
  import: '导入 Excel',
  imported: '已导入 {{count}} 行',
  rejected: '导入未执行：以下单元格有误（整表未写入）',
  cell: '第 {{row}} 行 {{column}} 列',
};

export const excelEn: Strings<typeof excelZh> = {
  export: 'Export Excel',
  import: 'Import Excel',
  imported: '{{count}} rows imported',
  rejected: 'Nothing imported: these cells are wrong',
  cell: 'row {{row}}, column {{column}}',
};
