import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import './public.css';

/**
 * The pieces the public pages (notices villagers read and object to without signing in) are drawn with: plain
 * elements and a small stylesheet instead of the component library, so a first visit on a village phone stays small.
 */

export function PubCard({
  title,
  children,
  testId,
}: {
  title?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="fs-pub-card" data-testid={testId}>
      {title && <h3 className="fs-pub-card-head">{title}</h3>}
      <div className="fs-pub-card-body">{children}</div>
    </section>
  );
}

export function PubAlert({
  type,
  children,
  testId,
}: {
  type: 'info' | 'warning' | 'error';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={type === 'info' ? 'fs-pub-alert' : `fs-pub-alert fs-pub-alert-${type}`}
      role={type === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

export function PubTag({
  color,
  children,
  testId,
}: {
  color?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span className={color ? `fs-pub-tag fs-pub-tag-${color}` : 'fs-pub-tag'} data-testid={testId}>
      {children}
    </span>
  );
}

/** A list's loading state, its empty state, or its rows. */
export function PubList<T>({
  items,
  loading,
  empty,
  busyLabel,
  testId,
  small,
  children,
}: {
  items: T[] | undefined;
  loading: boolean;
  empty: string;
  busyLabel?: string;
  testId?: string;
  small?: boolean;
  children: (item: T, index: number) => ReactNode;
}) {
  return (
    <div data-testid={testId} aria-busy={loading}>
      {loading && !items ? (
        <div className="fs-bare-center" style={{ minHeight: 120 }}>
          <span className="fs-bare-spin" role="progressbar" aria-label={busyLabel} />
        </div>
      ) : (items?.length ?? 0) === 0 ? (
        <div className="fs-pub-empty">{empty}</div>
      ) : (
        <ul
          className={small ? 'fs-pub-list fs-pub-list-small' : 'fs-pub-list'}
          style={loading ? { opacity: 0.5 } : undefined}
        >
          {items?.map(children)}
        </ul>
      )}
    </div>
  );
}

/** What the objection form says, in the page's own words. */
export interface ObjectionLabels {
  hint: string;
  /** Shown for an empty text, and for any problem that has no message of its own. */
  textRule: string;
  target: string;
  whole: string;
  text: string;
  contact: string;
  send: string;
}

/** The form's limits and its text's check: the server's own schema, loaded once the notice shows. */
export interface ObjectionRules {
  textMax?: number;
  contactMax?: number;
  /** The first problem with the text: a message key (`err.…`), '' for one without a key of its own, or null. */
  textProblem: (text: string) => string | null;
}

export interface ObjectionValues {
  target: string;
  text: string;
  contact: string;
}
type Field = keyof ObjectionValues;

/**
 * An objection to a notice or one of its items: the target (the whole notice by default), the text and an optional
 * contact that only staff see. Field errors the server names (by its own field names, mapped by `fieldOf`) appear
 * under their fields; anything else above the button.
 */
export function PubObjectionForm({
  labels,
  targets,
  loadRules,
  textTestId,
  fieldOf,
  errorText,
  submit,
}: {
  labels: ObjectionLabels;
  targets: { value: string; label: string }[];
  loadRules: () => Promise<ObjectionRules>;
  textTestId: string;
  /** The server's field name for each of the form's fields. */
  fieldOf: Record<Field, string>;
  errorText: (err: unknown) => string;
  submit: (values: ObjectionValues) => Promise<void>;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const [rules, setRules] = useState<ObjectionRules | null>(null);
  const [values, setValues] = useState<ObjectionValues>({ target: '', text: '', contact: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    let live = true;
    void loadRules().then((r) => live && setRules(r));
    return () => {
      live = false;
    };
  }, [loadRules]);

  const textError = async (text: string): Promise<string | undefined> => {
    if (text.trim() === '') return labels.textRule;
    const problem = (rules ?? (await loadRules())).textProblem(text);
    if (problem === null) return undefined;
    return problem.startsWith('err.')
      ? t(problem as never, { defaultValue: labels.textRule })
      : labels.textRule;
  };

  const change = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field === 'text') void textError(value).then((e) => setErrors((es) => ({ ...es, text: e })));
    else setErrors((es) => ({ ...es, [field]: undefined }));
  };

  const send = async () => {
    const problem = await textError(values.text);
    setErrors((es) => ({ ...es, text: problem }));
    if (problem) return;
    setSending(true);
    try {
      await submit(values);
      setSendError(null);
      setValues({ target: '', text: '', contact: '' });
      setErrors({});
    } catch (err) {
      const byServerName = new Map(Object.entries(fieldOf).map(([mine, theirs]) => [theirs, mine as Field]));
      const fields =
        err instanceof ApiError
          ? err.fields.flatMap((f) => {
              const mine = byServerName.get(f.path.split('.')[0] ?? '');
              return mine ? [[mine, f.message] as const] : [];
            })
          : [];
      if (fields.length > 0) setErrors(Object.fromEntries(fields));
      else setSendError(errorText(err));
    } finally {
      setSending(false);
    }
  };

  const help = (field: Field) =>
    errors[field] && (
      <div id={`${uid}-${field}-help`} className="fs-pub-help" role="alert">
        {errors[field]}
      </div>
    );
  const inputClass = (field: Field) => (errors[field] ? 'fs-pub-input fs-pub-input-error' : 'fs-pub-input');
  const describedBy = (field: Field) => (errors[field] ? `${uid}-${field}-help` : undefined);

  return (
    <form
      name="objection"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <p className="fs-pub-p fs-pub-muted">{labels.hint}</p>
      <div className="fs-pub-field">
        <label htmlFor={`${uid}-target`}>{labels.target}</label>
        <select
          id={`${uid}-target`}
          className={inputClass('target')}
          data-testid="objection-target"
          value={values.target}
          aria-describedby={describedBy('target')}
          onChange={(e) => change('target', e.target.value)}
        >
          <option value="">{labels.whole}</option>
          {targets.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </select>
        {help('target')}
      </div>
      <div className="fs-pub-field">
        <label htmlFor={`${uid}-text`} className="fs-pub-required">
          {labels.text}
        </label>
        <textarea
          id={`${uid}-text`}
          className={inputClass('text')}
          data-testid={textTestId}
          rows={4}
          maxLength={rules?.textMax}
          required
          aria-invalid={!!errors.text}
          aria-describedby={describedBy('text')}
          value={values.text}
          onChange={(e) => change('text', e.target.value)}
        />
        <span className="fs-pub-count">
          {rules?.textMax ? `${values.text.length} / ${rules.textMax}` : values.text.length}
        </span>
        {help('text')}
      </div>
      <div className="fs-pub-field">
        <label htmlFor={`${uid}-contact`}>{labels.contact}</label>
        <input
          id={`${uid}-contact`}
          className={inputClass('contact')}
          data-testid="objection-contact"
          maxLength={rules?.contactMax}
          aria-describedby={describedBy('contact')}
          value={values.contact}
          onChange={(e) => change('contact', e.target.value)}
        />
        {help('contact')}
      </div>
      {sendError && <PubAlert type="error">{sendError}</PubAlert>}
      <button type="submit" className="fs-bare-primary" disabled={sending} data-testid="objection-send">
        {labels.send}
      </button>
    </form>
  );
}
