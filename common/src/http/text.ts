/**
 * THE text rule for everything a user sends (names, file names, reasons, descriptions — every string of every
 * request body, query and path, checked once in the server's `serve()`):
 * - no control characters (C0 other than tab, line feed and carriage return; DEL; C1) and no NUL;
 * - no bidirectional overrides, embeddings or isolates (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), which make
 *   a file name or a name read differently from what it is;
 * - no invisible format characters (zero-width space/joiners, word joiner, BOM, soft hyphen, U+2061–2064), so a
 *   "reason" of four invisible characters is not a reason.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]/u;

export type TextProblem = 'control' | 'bidi' | 'invisible';

export function textProblem(value: string): TextProblem | null {
  if (CONTROL.test(value)) return 'control';
  if (BIDI.test(value)) return 'bidi';
  if (INVISIBLE.test(value)) return 'invisible';
  return null;
}

/** The first string (depth-first) inside a JSON-like value that breaks the text rule, with its dotted path. */
export function findUnsafeText(
  value: unknown,
  path: string[] = [],
): { path: string; problem: TextProblem } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path: path.join('.'), problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findUnsafeText(k, [...path, k]) ?? findUnsafeText(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}
