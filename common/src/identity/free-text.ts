import { z } from 'zod';
import { isValidIdNumber, maskIdNumber, maskPhone } from './identity.ts';

/**
 * Personal numbers written into free text (docs/security.md item 16): an event description, a reply, a note may
 * carry an ID number or a mobile number. Every free-text field of a request is declared with `freeText()`; the
 * server finds the numbers in such fields at write time, stores each one encrypted in place of the clear digits
 * (a sealed token, see `SEALED_RE`), and on every read shows it masked unless the reader holds `pii:view`.
 */

export interface PersonalNumber {
  kind: 'id' | 'phone';
  start: number;
  end: number;
  value: string;
}

/** A sealed number as stored: ⟦pii:<base64 of the encrypted original>⟧ (no digits of the original in clear). */
export const SEALED_RE = /⟦pii:([A-Za-z0-9+/=]+)⟧/g;

// 18 characters (17 digits and a digit or X) not inside a longer run of digits/letters; checked for a real date and
// the GB 11643 check digit before it counts.
const ID_RE = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
// A mainland mobile (1[3-9] + 9 digits), optionally +86/86 before it, optionally grouped 3-4-4 by a space or hyphen,
// not inside a longer run of digits.
const PHONE_RE = /(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)/g;

/** The ID numbers (valid check digit) and mobile numbers in a text, in order; sealed tokens are skipped. */
export function findPersonalNumbers(text: string): PersonalNumber[] {
  const found: PersonalNumber[] = [];
  const sealed = [...text.matchAll(SEALED_RE)].map((m) => [m.index, m.index + m[0].length] as const);
  const free = (s: number, e: number) => !sealed.some(([a, b]) => s < b && e > a);
  for (const m of text.matchAll(ID_RE))
    if (isValidIdNumber(m[0]) && free(m.index, m.index + 18))
      found.push({ kind: 'id', start: m.index, end: m.index + 18, value: m[0] });
  const taken = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
  for (const m of text.matchAll(PHONE_RE)) {
    const end = m.index + m[0].length;
    if (!taken(m.index, end) && free(m.index, end))
      found.push({ kind: 'phone', start: m.index, end, value: m[0] });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Replaces each personal number by what `replace` gives for it (the server seals; a preview could mask). */
export function replacePersonalNumbers(text: string, replace: (n: PersonalNumber) => string): string {
  let out = '';
  let at = 0;
  for (const n of findPersonalNumbers(text)) {
    out += text.slice(at, n.start) + replace(n);
    at = n.end;
  }
  return out + text.slice(at);
}

/** The masked form of a number found in text: 410926********1234, 139****4321 (+86 and separators dropped). */
export function maskPersonalNumber(value: string): string {
  const digits = value.replace(/[^\dXx]/g, '');
  if (digits.length === 18 && isValidIdNumber(digits)) return maskIdNumber(digits.toUpperCase());
  return maskPhone(digits.slice(-11));
}

/** The schemas declared free text, so the server and the contract test can find them. */
const FREE_TEXT = new WeakSet<z.ZodType>();

export function isFreeText(schema: z.ZodType): boolean {
  return FREE_TEXT.has(schema);
}

/**
 * A free-text field: trimmed, at most `max` characters (`min`, with its message key, when required). Personal
 * numbers in it are sealed by the server at write time and masked on read.
 */
export function freeText(max: number, options: { min?: number; message?: string } = {}) {
  let s = z.string().trim();
  if (options.min !== undefined) s = s.min(options.min, options.message);
  s = s.max(max);
  FREE_TEXT.add(s);
  return s;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
};
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * Walks a request schema and a value it accepted together, giving each free-text string to `fn` and putting back
 * what it returns (objects are changed in place; the value is returned for strings at the top).
 */
export function mapFreeText(schema: z.ZodType, value: unknown, fn: (text: string) => string): unknown {
  if (value === null || value === undefined) return value;
  if (FREE_TEXT.has(schema)) return typeof value === 'string' ? fn(value) : value;
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return mapFreeText(def.innerType, value, fn);
  if (def.type === 'lazy' && def.getter) return mapFreeText(def.getter(), value, fn);
  if (def.type === 'pipe' && def.in) return mapFreeText(def.in, value, fn);
  if (def.type === 'object' && def.shape && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const [k, s] of Object.entries(def.shape)) if (k in obj) obj[k] = mapFreeText(s, obj[k], fn);
    return obj;
  }
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    value.forEach((v, i) => (value[i] = mapFreeText(def.element!, v, fn)));
    return value;
  }
  if (def.type === 'record' && def.valueType && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) obj[k] = mapFreeText(def.valueType, obj[k], fn);
    return obj;
  }
  if (def.type === 'union' && def.options) {
    // The first option that accepts the value decides (sealing is idempotent, so a second pass would not harm).
    const option = def.options.find((o) => o.safeParse(value).success);
    return option ? mapFreeText(option, value, fn) : value;
  }
  if (def.type === 'intersection' && def.left && def.right)
    return mapFreeText(def.right, mapFreeText(def.left, value, fn), fn);
  return value;
}

/** Every string leaf of a schema with its path (`*` for array items and record values), for the contract test. */
export function stringLeaves(
  schema: z.ZodType,
  path = '',
  seen = new Set<z.ZodType>(),
): { path: string; schema: z.ZodType }[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  if (def.type === 'string') return [{ path, schema }];
  if (WRAPPERS.has(def.type) && def.innerType) return stringLeaves(def.innerType, path, seen);
  if (def.type === 'lazy' && def.getter) return stringLeaves(def.getter(), path, seen);
  if (def.type === 'pipe' && def.in) return stringLeaves(def.in, path, seen);
  if (def.type === 'object' && def.shape)
    return Object.entries(def.shape).flatMap(([k, s]) => stringLeaves(s, path ? `${path}.${k}` : k, seen));
  if (def.type === 'array' && def.element) return stringLeaves(def.element, `${path}.*`, seen);
  if (def.type === 'record' && def.valueType) return stringLeaves(def.valueType, `${path}.*`, seen);
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => stringLeaves(o, path, seen));
  if (def.type === 'intersection' && def.left && def.right)
    return [...stringLeaves(def.left, path, seen), ...stringLeaves(def.right, path, seen)];
  return [];
}
