import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';

/**
 * A form rule that checks a field with the same zod schema the server validates it with (from `@fivestar/common`),
 * so a form never carries a copy of a rule. A schema's own messages (`err.id_number.checksum`, …) are shown in the
 * UI language from the `err` strings; any other problem (too short, too long, missing) shows `message`.
 *
 * Empty input is left to `required` (or accepted, for an optional field).
 */
export function schemaRule(schema: z.ZodType, t: TFunction, message: string): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return;
      const result = schema.safeParse(value);
      if (result.success) return;
      const key = result.error.issues[0]?.message ?? '';
      throw new Error(key.startsWith('err.') ? t(key as never, { defaultValue: message }) : message);
    },
  };
}

/** The longest value a string schema accepts (for an input's `maxLength`), if it sets one. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  const inner =
    'unwrap' in schema && typeof schema.unwrap === 'function' ? (schema.unwrap() as z.ZodType) : schema;
  const max = (inner as { maxLength?: number | null }).maxLength;
  return typeof max === 'number' ? max : undefined;
}
