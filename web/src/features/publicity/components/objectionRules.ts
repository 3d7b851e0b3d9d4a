import { publicityObjectionCreateSchema } from '@fivestar/common';
import { maxLengthOf } from '../../../components/schemaRule';

/**
 * The objection form's rules: the schema the server applies (`@fivestar/common`). Loaded by the public page once the
 * notice shows, not with it, so a villager's first visit does not download the schema library.
 */
const { reason, contact } = publicityObjectionCreateSchema.shape;

export const REASON_MAX = maxLengthOf(reason);
export const CONTACT_MAX = maxLengthOf(contact);

/** The i18n key of the first problem with the reason, or null when it passes (empty input is left to `required`). */
export function reasonProblem(value: string): string | null {
  const result = reason.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? '');
}
