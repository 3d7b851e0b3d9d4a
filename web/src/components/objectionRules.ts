import { objectionCreateSchema, publicityObjectionCreateSchema } from '@fivestar/common';
import type { z } from 'zod';
import type { ObjectionRules } from './publicKit';
import { maxLengthOf } from './schemaRule';

/**
 * The public objection forms' rules: the schemas the server applies (`@fivestar/common`). Loaded by a public notice
 * page once its notice shows, not with it, so a villager's first visit does not download the schema library.
 */
function rulesOf(text: z.ZodType, contact: z.ZodType): ObjectionRules {
  return {
    textMax: maxLengthOf(text),
    contactMax: maxLengthOf(contact),
    textProblem: (value) => {
      const result = text.safeParse(value);
      return result.success ? null : (result.error.issues[0]?.message ?? '');
    },
  };
}

/** A public notice of any module (公示): the reason. */
export const publicityObjection = rulesOf(
  publicityObjectionCreateSchema.shape.reason,
  publicityObjectionCreateSchema.shape.contact,
);

/** The star-rating notice: the objection's content. */
export const ratingsObjection = rulesOf(
  objectionCreateSchema.shape.content,
  objectionCreateSchema.shape.contact,
);
