import type { Strings } from '../../i18n/types';

export const zh = {
  title: '我的待办',
  empty: '暂无待办事项',
  go: '去处理',
  total: '共 {{count}} 项',
};

export const en: Strings<typeof zh> = {
  title: 'My to-dos',
  empty: 'Nothing waiting for you',
  go: 'Open',
  total: '{{count}} in all',
};
