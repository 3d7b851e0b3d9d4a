import { defineFeature, page } from '../../app/feature';

/** The inbox (reached from the workbench on 首页) and the units' webhooks. */
export const notificationsFeature = defineFeature({
  name: 'notifications',
  strings: () => import('./i18n'),
  routes: [{ path: 'inbox', ...page(() => import('./pages/InboxPage')) }],
});
