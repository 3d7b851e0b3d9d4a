import { z } from 'zod';
import { defineContract, route } from '../contract.ts';
import { idParamSchema, pageOf, pageQuery } from '../http/paging.ts';

export const notificationSchema = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** The web path of what it is about. */
  path: z.string().nullable(),
  createdAt: z.number(),
  readAt: z.number().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const inboxQuerySchema = z.object({
  unread: z.coerce.boolean().optional(),
  ...pageQuery(20, 100),
});
export const inboxSchema = pageOf(notificationSchema).extend({ unread: z.number() });

/** An outbound webhook of a unit (钉钉 / 企业微信 group robot): JSON, HMAC-SHA256 signed. */
export const hookSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  url: z.string(),
  enabled: z.boolean(),
  /** The secret is never shown again; only whether one is set. */
  hasSecret: z.boolean(),
  updatedAt: z.number(),
});
const hookUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/, 'notifications.err.url');
export const hookPutSchema = z.strictObject({
  unitId: z.number().int().positive(),
  url: hookUrl,
  /** Omitted: keep the current secret. */
  secret: z.string().min(16, 'notifications.err.secret').max(200).optional(),
  enabled: z.boolean(),
});
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const deliverySchema = z.object({
  id: z.number(),
  hookId: z.number(),
  kind: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.number().nullable(),
  createdAt: z.number(),
  deliveredAt: z.number().nullable(),
});
export const deliveryQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  ...pageQuery(20, 100),
});

/** The in-app inbox and the units' outbound webhooks with their delivery log. */
export const notificationsContract = defineContract('notifications', {
  inbox: route({
    method: 'GET',
    path: '/api/notifications',
    access: 'authenticated',
    query: inboxQuerySchema,
    response: inboxSchema,
  }),
  read: route({
    method: 'POST',
    path: '/api/notifications/:id/read',
    access: 'authenticated',
    params: idParamSchema,
  }),
  readAll: route({ method: 'POST', path: '/api/notifications/read-all', access: 'authenticated' }),
  hooks: route({
    method: 'GET',
    path: '/api/notifications/hooks',
    access: 'notify:admin',
    response: z.array(hookSchema),
  }),
  putHook: route({
    method: 'PUT',
    path: '/api/notifications/hooks',
    access: 'notify:admin',
    body: hookPutSchema,
    response: hookSchema,
  }),
  testHook: route({
    method: 'POST',
    path: '/api/notifications/hooks/:id/test',
    access: 'notify:admin',
    params: idParamSchema,
    response: deliverySchema,
  }),
  deliveries: route({
    method: 'GET',
    path: '/api/notifications/deliveries',
    access: 'notify:admin',
    query: deliveryQuerySchema,
    response: pageOf(deliverySchema),
  }),
});
