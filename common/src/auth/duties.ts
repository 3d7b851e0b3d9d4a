import type { Permission } from './roles.ts';

/**
 * Separated duties (等保 访问控制 权限分离; docs/security.md item 13). User administration, reading the audit log and
 * the business work are three duties: whoever administers accounts must not also read the log that records what
 * they did. A role (built-in or a row added to the `roles` table) holding both is refused.
 */
export const USER_ADMIN_DUTY: Permission = 'user:admin';
export const AUDIT_DUTY: Permission = 'audit:read';

/** True when a permission set mixes user administration with audit reading. */
export function mixesDuties(permissions: readonly string[]): boolean {
  return permissions.includes(USER_ADMIN_DUTY) && permissions.includes(AUDIT_DUTY);
}

/** An account whose role reads the audit log is out of reach of user administrators (they may not disable it,
 * reset its password or change its role); the CLI manages it. */
export function isAuditAccount(permissions: readonly string[]): boolean {
  return permissions.includes(AUDIT_DUTY);
}
