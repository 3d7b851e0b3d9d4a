import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import type { FeatureStringsSource } from '../app/feature';
import { FEATURES } from '../features';
import { RESOURCES } from './resources';
import { LANGUAGES, type Language } from './types';

const STORAGE_KEY = 'fivestar.lang';

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyLanguage(lng: string): void {
  setApiLanguage(lng);
  document.documentElement.lang = lng;
}

void i18n.use(initReactI18next).init({
  resources: RESOURCES,
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  initAsync: false,
});
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

const loaded = new Map<string, Promise<void>>();

/** Adds a feature's dictionaries (zh-CN and en) under its name; loaded once, however often it is asked for. */
export function loadFeatureStrings(feature: { name: string; strings: FeatureStringsSource }): Promise<void> {
  const source = feature.strings;
  if (typeof source !== 'function') return Promise.resolve();
  let done = loaded.get(feature.name);
  if (!done) {
    done = source().then((s) => {
      i18n.addResourceBundle('zh-CN', 'translation', { [feature.name]: s.zh }, true, true);
      i18n.addResourceBundle('en', 'translation', { [feature.name]: s.en }, true, true);
    });
    done.catch(() => loaded.delete(feature.name));
    loaded.set(feature.name, done);
  }
  return done;
}

/** Every feature's dictionaries: the signed-in shell's menu and home tiles name every module. */
export function loadAllFeatureStrings(): Promise<void> {
  return Promise.all(FEATURES.map((f) => loadFeatureStrings(f))).then(() => undefined);
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Switches the UI language and remembers it in localStorage. */
export function setLanguage(lng: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // private mode: the choice lasts for this page only
  }
  void i18n.changeLanguage(lng);
}

export { LANGUAGES, type Language };
export default i18n;
