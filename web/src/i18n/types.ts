import type { zhCN } from './zh-CN';

/** A language file's shape: the keys of the Chinese one, any string values. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shell's own strings. */
export type CoreStrings = Strings<typeof zhCN>;

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
