import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from './client';

/** The text to show for a failed request: the server's (already translated) message, or a generic one. */
export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === 'network') return t('error.network');
    if (err.message) return err.message;
  }
  return t('error.unknown');
}

/**
 * Puts the server's per-field errors (`fields[].path`, e.g. 'idNumber') onto the matching form fields.
 * Returns true when at least one field error was shown.
 */
export function applyFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || err.fields.length === 0) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = err.fields
    .filter((f) => known.has(f.path.split('.')[0] ?? ''))
    .map((f) => ({ name: f.path.split('.'), errors: [f.message] }));
  form.setFields(fields);
  return fields.length > 0;
}

/** The form's values, or null when client-side validation failed (the form already shows why). */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
