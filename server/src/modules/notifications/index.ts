import { notificationsContract } from '@fivestar/common';
import { serve } from '../../http/serve.ts';
import { defineModule } from '../../kernel/module.ts';
import { notifications0001 } from './migrations/notifications-0001.ts';
import { createNotificationsService } from './notifications.service.ts';
import './notifications.tables.ts';

export {
  createNotificationsService,
  signBody,
  RETRY_DELAYS_MS,
  type NotifyInput,
} from './notifications.service.ts';
export type { NotificationsService } from './notifications.service.ts';

/** How often queued webhook deliveries are looked at (a due retry waits at most this long). */
const SWEEP_MS = 30_000;

/**
 * Notifications: every user's in-app inbox, and per unit an optional outbound webhook (钉钉 / 企业微信 robots; JSON,
 * HMAC-SHA256 signed, retried with back-off, a delivery log). Other modules call `notify` in their transaction.
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  migrations: [notifications0001],
  messages: {
    'notifications.err.url': { zh: '请填写 http(s) 地址', en: 'Give an http(s) address' },
    'notifications.err.secret': {
      zh: '签名密钥至少 16 位',
      en: 'The signing secret needs 16 characters or more',
    },
    'notifications.todo.unread': { zh: '未读消息', en: 'Unread messages' },
  },
  register: ({ app, db, audit, clock, keys }) => {
    const notifications = createNotificationsService({ db, audit, clock, secretKey: keys.pii });
    serve(app, notificationsContract, {
      inbox: ({ user, query }) => notifications.inbox(user, query),
      read: ({ user, params }) => notifications.markRead(user, params.id),
      readAll: ({ user }) => notifications.markAllRead(user),
      hooks: ({ user }) => notifications.hooks(user),
      putHook: ({ user, body, ip }) => notifications.putHook(user, body, ip),
      testHook: ({ user, params, ip }) => notifications.testHook(user, params.id, ip),
      deliveries: ({ user, query }) => notifications.deliveries(user, query),
    });
    // Retries come due on the injected clock; a timer looks at them (tests call deliverDue() after advancing it).
    const timer = setInterval(() => notifications.kick(), SWEEP_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
    return notifications;
  },
  todos:
    (notifications) =>
    async ({ db, user }) => [
      {
        key: 'notifications.unread',
        label: 'notifications.todo.unread',
        count: await notifications.unreadCount(db, user.id),
        path: '/inbox',
        nav: 'home',
        tone: 'normal' as const,
      },
    ],
});
