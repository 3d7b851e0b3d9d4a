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
  rate_limited: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  account_locked: {
    zh: '密码错误次数过多，账号已锁定 15 分钟',
    en: 'Too many failed sign-ins; the account is locked for 15 minutes',
  },
  invalid_credentials: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  internal: { zh: '服务器内部错误，请联系管理员', en: 'Internal error; please contact the administrator' },
  payload_too_large: { zh: '提交的内容过大', en: 'The request is too large' },
  unsupported_media_type: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  'password.too_short': { zh: '密码至少 12 个字符', en: 'The password needs at least 12 characters' },
  'password.too_long': { zh: '密码最多 128 个字符', en: 'The password may have at most 128 characters' },
  'password.too_simple': {
    zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'Use at least three of: upper case, lower case, digits, symbols',
  },
  'password.blocklisted': { zh: '密码过于常见，请换一个', en: 'This password is too common' },
  password_expired: {
    zh: '密码已过期或已被管理员重置，请先修改密码',
    en: 'Your password has expired or was reset by an administrator; change it first',
  },
  'password.same_as_current': {
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  'password.wrong_current': { zh: '当前密码不正确', en: 'The current password is wrong' },
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
  'person.duplicate_id_number': { zh: '该身份证号已登记', en: 'This ID number is already registered' },
  'user.duplicate_username': { zh: '用户名已存在', en: 'This username is taken' },
  'user.unit_out_of_scope': { zh: '只能指定本辖区内的单位', en: 'Choose a unit within your own area' },
  'user.role_too_strong': {
    zh: '不能授予超出自身权限的角色',
    en: 'You cannot grant a role with permissions you do not hold',
  },
  'user.self_change': {
    zh: '不能修改自己的角色、单位或状态',
    en: 'You cannot change your own role, unit or status',
  },
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
