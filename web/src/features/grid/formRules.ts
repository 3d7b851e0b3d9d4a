import type { FormRule } from 'antd';
import type { z } from 'zod';

/**
 * A form rule that checks a field against the schema the server checks it with (from `@fivestar/common`), so a
 * form never keeps its own copy of a rule; `message` is what the field shows when it fails. Empty is left to
 * `required`.
 */
export function schemaRule(schema: z.ZodType, message: string): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      if (!schema.safeParse(value).success) throw new Error(message);
    },
  };
}
