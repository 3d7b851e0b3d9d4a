/** Server-side messages in the caller's language (zh-CN first, en second). */
export type Lang = 'zh' | 'en';

/** Messages by key, in both languages. */
export type Messages = Record<string, { zh: string; en: string }>;

const MESSAGES: Messages = {
  validation_failed: { zh: '输入有误，请检查标出的字段', en: 'Some fields are invalid' },
  unauthenticated: { zh: '请先登录', en: 'Please sign in' },
  session_expired: { zh: '登录已超时，请重新登录', en: 'Your session has expired; please sign in again' },
  forbidden: { zh: '没有执行此操作的权限', en: 'You do not have permission to do this' },
  csrf_failed: {
    zh: '请求校验失败，请刷新页面后重试',
    en: 'Request verification failed; reload and try again',
  },
  not_found: { zh: '记录不存在', en: 'Not found' },
  route_not_found: { zh: '接口不存在', en: 'No such endpoint' },
  bad_address: { zh: '地址中的参数无效或过长', en: 'A value in the address is malformed or too long' },
  rate_limited: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  account_locked: {
    zh: '密码错误次数过多，账号已锁定 15 分钟',
    en: 'Too many failed sign-ins; the account is locked for 15 minutes',
  },
  invalid_credentials: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  internal: { zh: '服务器内部错误，请联系管理员', en: 'Internal error; please contact the administrator' },
  payload_too_large: { zh: '提交的内容过大', en: 'The request is too large' },
  unsupported_media_type: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  password_expired: {
    zh: '密码已过期或已被管理员重置，请先修改密码',
    en: 'Your password has expired or was reset by an administrator; change it first',
  },
  mfa_required: {
    zh: '请先完成第二步验证（验证器动态码）',
    en: 'Finish the second sign-in step (the authenticator code) first',
  },
  // The messages of common's zod schemas (`err.…`), whichever module's route they validate.
  'err.id_number.format': {
    zh: '身份证号应为 18 位，前 17 位为数字，末位为数字或 X',
    en: 'An ID number has 18 characters: 17 digits and a digit or X',
  },
  'err.id_number.birth_date': {
    zh: '身份证号中的出生日期无效',
    en: 'The birth date in the ID number is invalid',
  },
  'err.id_number.checksum': { zh: '身份证号校验位错误', en: 'The ID number check digit is wrong' },
  'err.phone.format': { zh: '手机号格式不正确', en: 'Invalid mobile phone number' },
  'err.username.format': {
    zh: '用户名以字母开头，只含字母、数字、下划线、点和连字符',
    en: 'A username starts with a letter and uses letters, digits, _ . -',
  },
  // http/serve.ts: the text rule (common/src/http/text.ts) and a PATCH that changes nothing.
  'err.text.control': { zh: '含有不允许的控制字符', en: 'Contains control characters that are not allowed' },
  'err.text.bidi': {
    zh: '含有不允许的文字方向控制字符',
    en: 'Contains bidirectional control characters that are not allowed',
  },
  'err.text.invisible': { zh: '含有不可见字符', en: 'Contains invisible characters' },
  'err.patch.empty': { zh: '没有要修改的内容', en: 'Nothing to change' },
  // http/versions.ts: an edit based on an older version of the record (412).
  stale: {
    zh: '该记录已被他人修改，请刷新后再改',
    en: 'Someone else changed this record; reload and try again',
  },
  'stale.changed_by': {
    zh: '{by} 已于 {at} 修改了该记录，请刷新后再改',
    en: '{by} changed this at {at}; reload and try again',
  },
  'stale.if_match': { zh: '版本号（If-Match）格式不正确', en: 'The If-Match version is malformed' },
  // security/scope.ts: a unit given as input lies outside the caller's subtree.
  'unit.out_of_scope': { zh: '单位不在本辖区内', en: 'The unit is outside your area' },
};

/** The app adds each module's messages (manifest `messages`; keys are namespaced: `ratings.…`, `grid.…`). */
export function registerMessages(messages: Messages) {
  Object.assign(MESSAGES, messages);
}

export function translate(key: string, lang: Lang): string {
  const entry = MESSAGES[key];
  return entry ? entry[lang] : key;
}

export function hasMessage(key: string): boolean {
  return key in MESSAGES;
}

export function languageOf(acceptLanguage: string | undefined): Lang {
  return acceptLanguage && /^en\b/i.test(acceptLanguage.trim()) ? 'en' : 'zh';
}
