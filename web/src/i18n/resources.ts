import { FEATURES } from '../features';
import { en } from './en';
import { zhCN } from './zh-CN';

type FeatureList = typeof FEATURES;
/** Every feature's strings under its name. */
export type FeatureStrings = { [F in FeatureList[number] as F['name']]: F['strings']['zh'] };

function byFeature(lang: 'zh' | 'en') {
  return Object.fromEntries(FEATURES.map((f) => [f.name, f.strings[lang]]));
}

/** The dictionaries: the shell's strings and each feature's, under the feature's name. */
export const RESOURCES = {
  'zh-CN': { translation: { ...zhCN, ...byFeature('zh') } as typeof zhCN & FeatureStrings },
  en: { translation: { ...en, ...byFeature('en') } },
};
