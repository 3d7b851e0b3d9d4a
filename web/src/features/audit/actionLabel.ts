import type { i18n as I18n } from 'i18next';
import { REGISTRIES, type RegistryCode } from '@fivestar/common';

/** Keys built from codes are not in the typed key list. */
const looseT = (i18n: I18n) => (key: string, options?: Record<string, unknown>) =>
  i18n.t(key as never, options as never) as unknown as string;

/**
 * An audit action code in words, or null when there is none (the page then shows the code, and the test fails).
 * Exact codes are named in `audit.actions`; families are put together from their parts: `grid.event.<step>` with the
 * grid's step names, `development.<registry>.<verb>` with the registry's name, `ratings.<transition>`,
 * `supervision.item.<step>` and `supervision.star.<revoke|restore>`.
 */
export function actionLabel(i18n: I18n, code: string): string | null {
  const t = looseT(i18n);
  const has = (key: string) => i18n.exists(key);
  const exact = `audit.actions.${code.replaceAll('.', '/')}`;
  if (has(exact)) return t(exact);
  const parts = code.split('.');
  const [head, second, ...rest] = parts;
  if (head === 'grid' && second === 'event') {
    const step = rest.join('.');
    const key = has(`grid.action.${step}`) ? `grid.action.${step}` : `grid.log.${step}`;
    return has(key) ? t('audit.words.family.grid', { step: t(key) }) : null;
  }
  if (head === 'development' && second && second in REGISTRIES && rest.length === 1) {
    const verb = `audit.words.verbs.${rest[0]}`;
    const spec = REGISTRIES[second as RegistryCode];
    const registry = i18n.language.startsWith('en') ? spec.en : spec.zh;
    return has(verb) ? t('audit.words.family.development', { registry, verb: t(verb) }) : null;
  }
  if (head === 'ratings' && second && rest.length === 0 && has(`audit.words.ratingSteps.${second}`))
    return t('audit.words.family.ratings', { step: t(`audit.words.ratingSteps.${second}`) });
  if (
    head === 'supervision' &&
    second === 'item' &&
    rest.length === 1 &&
    has(`audit.words.itemSteps.${rest[0]}`)
  )
    return t('audit.words.family.supervisionItem', { step: t(`audit.words.itemSteps.${rest[0]}`) });
  if (
    head === 'supervision' &&
    second === 'star' &&
    rest.length === 1 &&
    has(`audit.words.starSteps.${rest[0]}`)
  )
    return t('audit.words.family.supervisionStar', { step: t(`audit.words.starSteps.${rest[0]}`) });
  return null;
}

/** An outcome (`ok`, `fail`, `locked`, …) in words, or the code when it has none. */
export const resultLabel = (i18n: I18n, result: string) =>
  i18n.exists(`audit.words.results.${result}`) ? looseT(i18n)(`audit.words.results.${result}`) : result;

/** What an entry acted on, in words, with its number: 网格事件 #12. */
export function objectLabel(i18n: I18n, type: string | null, id: string | null): string {
  if (!type) return '—';
  const name = i18n.exists(`audit.words.objects.${type}`)
    ? looseT(i18n)(`audit.words.objects.${type}`)
    : type;
  return id ? `${name} #${id}` : name;
}
