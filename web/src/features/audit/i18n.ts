import type { Strings } from '../../i18n/types';
import { actionsEn, actionsZh, auditWordsEn, auditWordsZh } from './i18n.actions';

/** The audit pages (zh-CN first; the English object has the same keys). */
export const zh = {
  actions: actionsZh,
  words: auditWordsZh,
  nav: '审计日志',
  homeDesc: '查看登录、权限变更与敏感信息查看记录',
  title: '审计日志',
  subtitle: '登录、权限变更、敏感信息查看等操作记录',
  filterAction: '按操作筛选',
  at: '时间',
  actor: '操作人',
  action: '操作',
  object: '对象',
  result: '结果',
  ip: 'IP',
  oldValue: '原值',
  newValue: '新值',
  system: '系统',
  jobs: {
    title: '每日任务',
    name: '任务',
    setting: '设定',
    lastRun: '最近运行',
    status: '状态',
    counts: '处理数量',
    never: '尚未运行',
    countNames: {
      disabled: '停用账号',
      disputes: '纠纷',
      parties: '当事人',
      attachments: '附件',
    },
    trigger: {
      schedule: '定时',
      cli: '命令行',
    },
    statusName: {
      running: '运行中',
      ok: '完成',
      failed: '失败',
    },
    names: {
      'accounts.disable_idle': '停用长期未登录账号',
      'disputes.anonymise': '匿名化到期矛盾纠纷',
    },
    settingText: {
      'accounts.disable_idle': '超过 {{days}} 天未登录',
      'disputes.anonymise': '办结满 {{years}} 年',
    },
  },
};

export const en: Strings<typeof zh> = {
  actions: actionsEn,
  words: auditWordsEn,
  nav: 'Audit log',
  homeDesc: 'Sign-ins, permission changes and personal-data reveals',
  title: 'Audit log',
  subtitle: 'Sign-ins, permission changes, personal-data reveals and other recorded actions',
  filterAction: 'Filter by action',
  at: 'Time',
  actor: 'Actor',
  action: 'Action',
  object: 'Object',
  result: 'Result',
  ip: 'IP',
  oldValue: 'Old value',
  newValue: 'New value',
  system: 'System',
  jobs: {
    title: 'Daily jobs',
    name: 'Job',
    setting: 'Setting',
    lastRun: 'Last run',
    status: 'Status',
    counts: 'Counts',
    never: 'Not run yet',
    countNames: {
      disabled: 'accounts disabled',
      disputes: 'disputes',
      parties: 'parties',
      attachments: 'attachments',
    },
    trigger: {
      schedule: 'scheduled',
      cli: 'command line',
    },
    statusName: {
      running: 'running',
      ok: 'done',
      failed: 'failed',
    },
    names: {
      'accounts.disable_idle': 'Disable idle accounts',
      'disputes.anonymise': 'Anonymise expired disputes',
    },
    settingText: {
      'accounts.disable_idle': 'no sign-in for over {{days}} days',
      'disputes.anonymise': '{{years}} years after closing',
    },
  },
};
