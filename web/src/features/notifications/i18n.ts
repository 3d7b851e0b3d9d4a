import type { Strings } from '../../i18n/types';

export const zh = {
  title: '消息',
  inbox: '站内消息',
  hooks: '推送设置',
  unreadOnly: '只看未读',
  readAll: '全部标为已读',
  open: '查看',
  empty: '暂无消息',
  hook: {
    intro:
      '为本单位配置钉钉或企业微信群机器人的 Webhook 地址。消息以 JSON 推送，附 HMAC-SHA256 签名（请求头 X-Fivestar-Signature），失败自动按间隔重试。',
    unit: '单位',
    url: 'Webhook 地址',
    secret: '签名密钥（留空则保持原密钥）',
    enabled: '启用',
    save: '保存',
    saved: '推送设置已保存。可点“发送测试”检查是否接通。',
    test: '发送测试',
    tested: '测试消息已发送，结果见下方推送记录。',
    log: '推送记录',
    status: { pending: '待重试', delivered: '已送达', failed: '失败' },
    attempts: '尝试 {{count}} 次',
    col: { kind: '类型', status: '状态', attempts: '次数', result: '结果', at: '时间' },
  },
};

export const en: Strings<typeof zh> = {
  title: 'Messages',
  inbox: 'Inbox',
  hooks: 'Webhooks',
  unreadOnly: 'Unread only',
  readAll: 'Mark all read',
  open: 'Open',
  empty: 'No messages',
  hook: {
    intro:
      'A DingTalk or WeCom group robot address for this unit. Messages go out as JSON with an HMAC-SHA256 signature (header X-Fivestar-Signature) and are retried with back-off.',
    unit: 'Unit',
    url: 'Webhook address',
    secret: 'Signing secret (empty keeps the current one)',
    enabled: 'Enabled',
    save: 'Save',
    saved: 'Saved. Send a test to check the connection.',
    test: 'Send a test',
    tested: 'Test sent; see the delivery log below.',
    log: 'Delivery log',
    status: { pending: 'Retrying', delivered: 'Delivered', failed: 'Failed' },
    attempts: '{{count}} attempt(s)',
    col: { kind: 'Kind', status: 'Status', attempts: 'Attempts', result: 'Result', at: 'Time' },
  },
};
