import type { Strings } from '../../i18n/types';

/** The grid worker's phone report form (under `grid.form`), drawn without antd. */
export const reportFormZh = {
  title: '事件上报',
  class: '类别',
  type: '事件类型',
  typeChoose: '请选择',
  typeRequired: '请选择类型',
  typesMissing: '事件类型尚未下载：请联网后打开本页一次，之后离线也能上报。',
  village: '村（社区）',
  villageChoose: '请选择',
  villageRequired: '请选择村（社区）',
  place: '地点',
  placeRequired: '请填写地点',
  locate: '定位',
  locating: '定位中…',
  located: '已定位 {{lat}}, {{lng}}',
  locateFailed: '无法获取位置，请填写地点',
  description: '情况描述',
  descriptionRequired: '请填写情况描述',
  photos: '现场照片',
  addPhoto: '添加照片',
  removePhoto: '移除第 {{n}} 张照片',
  parties: '当事人',
  party: '当事人 {{n}}',
  addParty: '添加当事人',
  removeParty: '移除',
  partyName: '姓名',
  partyNameRequired: '请填写当事人姓名',
  idNumber: '身份证号',
  idNumberInvalid: '身份证号不正确',
  phone: '手机号',
  phoneInvalid: '手机号格式不正确',
  peopleInvolved: '涉及人数',
  peopleInvalid: '涉及人数应为 0 到 100000 之间的整数',
  submit: '提交上报',
  fixErrors: '请按提示修改标红的项',
  savedOnline: '已保存到发送队列，正在发送。发送成功后下方显示“已同步”和事件编号，网格中心会受理并派遣处置。',
  savedOffline:
    '已保存在本机（当前离线）。联网后会自动发送，也可以在下方点“立即发送”；发送前请不要清除浏览器数据。',
};

/** The phone's outbox (under `grid.queue`). */
export const queueZh = {
  title: '发送队列',
  empty: '没有待发送的上报',
  state: {
    pending: '待发送',
    sending: '发送中',
    sent: '已同步',
    failed: '发送失败',
  },
  online: '网络正常',
  offline: '离线：上报会保存在手机上，联网后自动发送',
  syncNow: '立即发送',
  remove: '删除',
  attempts: '尝试 {{count}} 次',
};

/** The light header of the report form, drawn outside the app's frame (under `grid.lite`). */
export const liteZh = {
  home: '首页',
  nav: '网格事件的其他页面',
  signedInAs: '{{name}} · {{unit}}',
  loadFailed: '无法确认登录状态',
};

export const reportFormEn: Strings<typeof reportFormZh> = {
  title: 'Report an event',
  class: 'Class',
  type: 'Type',
  typeChoose: 'Choose…',
  typeRequired: 'Choose a type',
  typesMissing:
    'The event types are not on this phone yet: open this page once with a network, then it works offline.',
  village: 'Village',
  villageChoose: 'Choose…',
  villageRequired: 'Choose a village or community',
  place: 'Place',
  placeRequired: 'Give the place',
  locate: 'Locate',
  locating: 'Locating…',
  located: 'Located {{lat}}, {{lng}}',
  locateFailed: 'Location unavailable; please type the place',
  description: 'Description',
  descriptionRequired: 'Describe what happened',
  photos: 'Photos',
  addPhoto: 'Add photos',
  removePhoto: 'Remove photo {{n}}',
  parties: 'Parties',
  party: 'Party {{n}}',
  addParty: 'Add a party',
  removeParty: 'Remove',
  partyName: 'Name',
  partyNameRequired: "Give the party's name",
  idNumber: 'ID number',
  idNumberInvalid: 'Not a valid ID number',
  phone: 'Mobile',
  phoneInvalid: 'Not a valid mobile number',
  peopleInvolved: 'People involved',
  peopleInvalid: 'People involved must be a whole number from 0 to 100000',
  submit: 'Submit report',
  fixErrors: 'Please correct the fields marked in red',
  savedOnline:
    'Saved to the outbox and being sent. Once sent, the outbox below shows “Synced” with the event number; the grid centre then accepts and dispatches it.',
  savedOffline:
    'Saved on this phone (you are offline). It is sent automatically when the network returns, or tap “Send now” below; do not clear the browser data before then.',
};

export const queueEn: Strings<typeof queueZh> = {
  title: 'Outbox',
  empty: 'Nothing waiting to be sent',
  state: {
    pending: 'Waiting',
    sending: 'Sending',
    sent: 'Synced',
    failed: 'Failed',
  },
  online: 'Online',
  offline: 'Offline: reports stay on this phone and are sent when the network returns',
  syncNow: 'Send now',
  remove: 'Delete',
  attempts: '{{count}} attempt(s)',
};

export const liteEn: Strings<typeof liteZh> = {
  home: 'Home',
  nav: 'Other grid event pages',
  signedInAs: '{{name}} · {{unit}}',
  loadFailed: 'Could not confirm your sign-in',
};
