import type { Messages } from '../../http/messages.ts';

/** The password policy and the caller's own password change (user administration's resets use them too). */
export const AUTH_MESSAGES: Messages = {
  'password.too_short': { zh: '密码至少 12 个字符', en: 'The password needs at least 12 characters' },
  'password.too_long': { zh: '密码最多 128 个字符', en: 'The password may have at most 128 characters' },
  'password.too_simple': {
    zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'Use at least three of: upper case, lower case, digits, symbols',
  },
  'password.blocklisted': { zh: '密码过于常见，请换一个', en: 'This password is too common' },
  'password.trivial': {
    zh: '密码过于简单（重复字符、键盘或数字序列），请换一个',
    en: 'This password is too easy for others to work out (repeats, keyboard or counting runs)',
  },
  'password.contains_username': {
    zh: '密码不能包含用户名',
    en: 'The password must not contain the username',
  },
  'password.same_as_current': {
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  'password.wrong_current': { zh: '当前密码不正确', en: 'The current password is wrong' },
  'mfa.wrong_code': {
    zh: '动态码或恢复码不正确（或已使用过）',
    en: 'The code or recovery code is wrong (or was used already)',
  },
  'mfa.not_pending': { zh: '当前无需第二步验证', en: 'No second sign-in step is owed' },
  'mfa.already_enrolled': { zh: '已绑定验证器', en: 'An authenticator app is already set up' },
  'mfa.no_enrolment': { zh: '请先生成验证器密钥', en: 'Start setting up the authenticator app first' },
};
