import type { FeatureStringsSource } from '../app/feature';
import { FEATURES } from '../features';
import { en } from './en';
import { zhCN } from './zh-CN';

type FeatureList = typeof FEATURES;
type ZhOf<T> = T extends () => Promise<{ zh: infer S }> ? S : T extends { zh: infer S } ? S : never;
/** Every feature's strings under its name. */
export type FeatureStrings = { [F in FeatureList[number] as F['name']]: ZhOf<F['strings']> };

function eagerByFeature(lang: 'zh' | 'en') {
  return Object.fromEntries(
    FEATURES.flatMap((f) => (typeof f.strings === 'function' ? [] : [[f.name, f.strings[lang]]])),
  );
}

/**
 * The dictionaries the app starts with: the shell's strings, and those features give as objects (the sign-in page's).
 * A feature whose strings are a loader adds them with `loadFeatureStrings` (i18n/index.ts) before its pages render.
 */
export const RESOURCES = {
  'zh-CN': { translation: { ...zhCN, ...eagerByFeature('zh') } as typeof zhCN & FeatureStrings },
  en: { translation: { ...en, ...eagerByFeature('en') } },
};

export type { FeatureStringsSource };
