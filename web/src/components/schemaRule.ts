import type { FormRule } from 'antd';
import type { z } from 'zod';

/**
 * A form rule that checks a field with a schema from common — the rule the server applies — so a form never keeps
 * its own copy of a pattern or a length. An empty field is left to `required`.
 */
export function schemaRule(schema: z.ZodType, message: string): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      if (!schema.safeParse(value).success) throw new Error(message);
    },
  };
}
