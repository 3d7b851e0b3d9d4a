import type { Generated } from 'kysely';

/** One message in a user's in-app inbox. */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  path: string | null;
  created_at: number;
  read_at: number | null;
}

/** A unit's outbound webhook (钉钉 / 企业微信 group robot); the secret is encrypted. */
export interface NotifyHooksTable {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  url: string;
  secret_enc: string | null;
  enabled: number;
  updated_at: number;
}

/** One webhook delivery: its payload, attempts and outcome (the delivery log). */
export interface NotifyDeliveriesTable {
  id: Generated<number>;
  hook_id: number;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
  notify_hooks: NotifyHooksTable;
  notify_deliveries: NotifyDeliveriesTable;
}

declare module '../../db/schema.ts' {
  interface Database extends NotificationsTables {}
}
