import type { Strings } from '../../i18n/types';

/** Sign-in and password strings (zh-CN first; the English object has the same keys). */
export const zh = {
  signIn: '登录',
  signInTitle: '账号登录',
  publicNotices: '查看公示公告、提出异议',
  username: '用户名',
  password: '密码',
  usernameRequired: '请输入用户名',
  passwordRequired: '请输入密码',
  signOut: '退出登录',
  signedOut: '已退出登录',
  changePassword: '修改密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  confirmPassword: '确认新密码',
  passwordMismatch: '两次输入的密码不一致',
  passwordChanged: '密码已修改',
  mustChangeTitle: '请先修改密码',
  mustChangeMessage:
    '您的密码已超过规定的使用期限，或已由管理员重置。为保障账号安全，请设置新密码后继续使用系统。',
  mustChangeSubmit: '修改密码并继续',
  passwordPolicy: '至少 12 位，包含大写字母、小写字母、数字、符号中的至少三类',
  problem: {
    too_short: '密码至少需要 {{min}} 个字符',
    too_long: '密码过长',
    too_simple: '密码需包含大写字母、小写字母、数字、符号中的至少三类',
    blocklisted: '该密码过于常见，请换一个',
  },
  role: '角色',
  unit: '单位',
};

export const en: Strings<typeof zh> = {
  signIn: 'Sign in',
  signInTitle: 'Sign in to your account',
  publicNotices: 'Public notices — read them or object',
  username: 'Username',
  password: 'Password',
  usernameRequired: 'Enter your username',
  passwordRequired: 'Enter your password',
  signOut: 'Sign out',
  signedOut: 'Signed out',
  changePassword: 'Change password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
  passwordMismatch: 'The two passwords do not match',
  passwordChanged: 'Password changed',
  mustChangeTitle: 'Change your password first',
  mustChangeMessage:
    'Your password has passed its maximum age or was reset by an administrator. To keep the account safe, set a new password before you continue.',
  mustChangeSubmit: 'Change password and continue',
  passwordPolicy: 'At least 12 characters, with 3 of: upper case, lower case, digits, symbols',
  problem: {
    too_short: 'Use at least {{min}} characters',
    too_long: 'The password is too long',
    too_simple: 'Use 3 of: upper case, lower case, digits, symbols',
    blocklisted: 'This password is too common; choose another',
  },
  role: 'Role',
  unit: 'Unit',
};
