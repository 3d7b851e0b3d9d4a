import { defineFeature, page } from '../../app/feature';
import { en, zh } from './i18n';

/** The inbox (reached from the workbench on 首页) and the units' webhooks. */
export const notificationsFeature = defineFeature({
  name: 'notifications',
  strings: { zh, en },
  routes: [{ path: 'inbox', ...page(() => import('./pages/InboxPage')) }],
});
