import type { Strings } from '../../i18n/types';

/** The home page (zh-CN first; the English object has the same keys). */
export const zh = {
  nav: '首页',
  greeting: '您好，{{name}}',
  intro: '欢迎使用五星支部创建管理平台。以下是您可以使用的功能。',
  quickLinks: '快捷入口',
  open: '进入',
};

export const en: Strings<typeof zh> = {
  nav: 'Home',
  greeting: 'Hello, {{name}}',
  intro: 'Welcome to the Five-Star Branch Platform. These are the modules available to you.',
  quickLinks: 'Quick links',
  open: 'Open',
};
