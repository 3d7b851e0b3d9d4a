import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CONTRACTS } from '../modules.ts';
import { isFreeText, stringLeaves } from './free-text.ts';

/**
 * Every free-text field of every request uses `freeText()`, so personal numbers written into it are sealed by
 * construction. A request string counts as free text unless it has a format or pattern (dates, codes, ID numbers,
 * phones), or a limit under 100 characters (names, short labels); the few exceptions are listed with their reason.
 */
const NOT_FREE_TEXT: Record<string, string> = {
  'POST /api/grid/attachments data': 'a photo as base64',
  'PUT /api/notifications/hooks secret': 'a webhook signing secret, never shown again',
  'POST /api/grid/disputes/import data': 'an .xlsx file as base64',
  'POST /api/grid/risks/import data': 'an .xlsx file as base64',
};

/** A string with its own check (a date, an ID number, a phone) is structured, not free text. */
const checked = (s: z.ZodType) =>
  (
    (s as unknown as { _zod: { def: { checks?: { _zod: { def: { check: string } } }[] } } })._zod.def
      .checks ?? []
  ).some((c) => c._zod.def.check === 'custom');
const facts = (s: z.ZodType) => s as unknown as { maxLength: number | null; format: string | null };

export function freeTextOffenders() {
  const out: string[] = [];
  for (const contract of CONTRACTS)
    for (const spec of Object.values(contract.routes)) {
      if (!spec.body) continue;
      for (const leaf of stringLeaves(spec.body as z.ZodType)) {
        const { format, maxLength } = facts(leaf.schema);
        if (format || checked(leaf.schema) || /password$/i.test(leaf.path)) continue;
        if (maxLength !== null && maxLength < 100) continue;
        const key = `${spec.method} ${spec.path} ${leaf.path}`;
        if (isFreeText(leaf.schema) || key in NOT_FREE_TEXT) continue;
        out.push(key);
      }
    }
  return out;
}

describe('free text in the contracts', () => {
  it('every free-text request field is declared with freeText()', () => {
    expect(freeTextOffenders()).toEqual([]);
  });
});
