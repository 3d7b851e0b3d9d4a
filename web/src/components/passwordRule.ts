import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { PASSWORD_MIN, passwordProblem } from '@fivestar/common';

/** Client-side hint for the password policy (the server enforces it). */
export function passwordRule(t: TFunction): FormRule {
  return {
    required: true,
    validator: async (_rule, value: unknown) => {
      const problem = passwordProblem(typeof value === 'string' ? value : '');
      if (problem) throw new Error(t(`auth.problem.${problem}`, { min: PASSWORD_MIN }));
    },
  };
}

/** The "confirm password" field must equal `field`. */
export function sameAsRule(t: TFunction, field: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_rule, value: unknown) => {
      if (value && value !== getFieldValue(field)) throw new Error(t('auth.passwordMismatch'));
    },
  });
}
