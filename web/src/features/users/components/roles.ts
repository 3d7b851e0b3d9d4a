import type { Role } from '@fivestar/common';
import { currentLanguage } from '../../../i18n';

/** A role's display name in the UI language. */
export function roleLabel(role: Pick<Role, 'nameZh' | 'nameEn'>): string {
  return currentLanguage() === 'en' ? role.nameEn : role.nameZh;
}
