import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { PublicityStatus, publicityContract } from '@fivestar/common';
import { publicityAddresses } from '@fivestar/common/publicity/addresses';
import { ApiError, call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { BareLanguageSwitch, BareSpin } from '../../../app/bare';
import { BrandMark } from '../../../components/BrandMark';
import { formatDay, STATUS_COLOR } from '../components/format';
import type * as ObjectionRules from '../components/objectionRules';
import './public.css';

/**
 * The contract's three public routes, by method and path only (all `call` reads of a route at run time): importing
 * the contract itself would bring its schemas, and with them the schema library, into a villager's first visit. The
 * addresses are the ones the contract is built on, the types are the contract's; the objection form's rules load once
 * the notice shows (components/objectionRules.ts).
 */
const routes = publicityAddresses as unknown as Pick<
  (typeof publicityContract)['routes'],
  'notices' | 'notice' | 'object'
>;

type Rules = typeof ObjectionRules;

/**
 * The public notices (公示): no sign-in, nothing personal; a notice, its answers and the objection form. Drawn with
 * plain elements, like the sign-in page, so the first visit does not download the component library.
 */
export default function PublicPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <div className="fs-pub fs-bare">
      <div className="fs-pub-head">
        <BrandMark size={28} />
        <span className="fs-pub-name">{t('app.name')}</span>
        <Link to="/login">{t('publicity.public.signIn')}</Link>
        <BareLanguageSwitch />
      </div>
      {id ? <NoticeView id={Number(id)} /> : <NoticeList />}
    </div>
  );
}

function Card({ title, children, testId }: { title?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="fs-pub-card" data-testid={testId}>
      {title && <h3 className="fs-pub-card-head">{title}</h3>}
      <div className="fs-pub-card-body">{children}</div>
    </section>
  );
}

function Alert({
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

function Tag({ color, children, testId }: { color?: string; children: ReactNode; testId?: string }) {
  return (
    <span className={color ? `fs-pub-tag fs-pub-tag-${color}` : 'fs-pub-tag'} data-testid={testId}>
      {children}
    </span>
  );
}

function StatusTag({ status }: { status: PublicityStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? 'purple' : undefined} testId="notice-status">
      {t(`publicity.public.status.${status}`)}
    </Tag>
  );
}

function NoticeList() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<PublicityStatus | 'all'>('all');
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const { data, error, loading } = useApiQuery(routes.notices, {
    query: { ...(status === 'all' ? {} : { status }), ...paging },
  });
  const pages = Math.ceil((data?.total ?? 0) / paging.pageSize);
  const filters: { value: PublicityStatus | 'all'; label: string }[] = [
    { value: 'all', label: t('publicity.public.all') },
    { value: 'open', label: t('publicity.public.status.open') },
    { value: 'ended', label: t('publicity.public.status.ended') },
  ];
  return (
    <Card title={t('publicity.public.title')}>
      <p className="fs-pub-p fs-pub-muted">{t('publicity.public.intro')}</p>
      <div className="fs-bare-segs" role="group" style={{ marginBottom: 8 }}>
        {filters.map((f) => (
          <button
            key={f.value}
            type="button"
            className={status === f.value ? 'fs-bare-seg fs-bare-seg-on' : 'fs-bare-seg'}
            aria-pressed={status === f.value}
            onClick={() => {
              setStatus(f.value);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
      {error && <Alert type="error">{errorText(error, t)}</Alert>}
      <div data-testid="notice-list" aria-busy={loading}>
        {loading && !data ? (
          <div className="fs-bare-center" style={{ minHeight: 120 }}>
            <span className="fs-bare-spin" role="progressbar" aria-label={t('publicity.public.loading')} />
          </div>
        ) : (data?.items.length ?? 0) === 0 ? (
          <div className="fs-pub-empty">{t('publicity.public.none')}</div>
        ) : (
          <ul className="fs-pub-list" style={loading ? { opacity: 0.5 } : undefined}>
            {data?.items.map((n) => (
              <li key={n.id}>
                <div className="fs-pub-col">
                  <Link to={`/publicity/${n.id}`}>{n.title}</Link>
                  <span className="fs-pub-sub">
                    {n.unitName} ·{' '}
                    {t('publicity.public.window', {
                      from: formatDay(n.startsOn),
                      to: formatDay(n.endsOn),
                      days: n.workingDays,
                    })}{' '}
                    · {t('publicity.public.items', { count: n.items })}
                    {n.objections > 0 && ` · ${t('publicity.public.objections', { count: n.objections })}`}
                  </span>
                </div>
                <StatusTag status={n.status} />
              </li>
            ))}
          </ul>
        )}
      </div>
      {pages > 1 && (
        <nav className="fs-pub-pager">
          <button
            type="button"
            className="fs-pub-btn"
            disabled={paging.page <= 1}
            onClick={() => setPaging((p) => ({ ...p, page: p.page - 1 }))}
          >
            {t('publicity.public.prev')}
          </button>
          <span>{t('publicity.public.page', { page: paging.page, pages })}</span>
          <button
            type="button"
            className="fs-pub-btn"
            disabled={paging.page >= pages}
            onClick={() => setPaging((p) => ({ ...p, page: p.page + 1 }))}
          >
            {t('publicity.public.next')}
          </button>
        </nav>
      )}
    </Card>
  );
}

function NoticeView({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data, error, reload } = useApiQuery(routes.notice, { params: { id } });
  const [sent, setSent] = useState(false);
  if (error) return <Alert type="error">{errorText(error, t)}</Alert>;
  if (!data) return <BareSpin />;
  const to = formatDay(data.endsOn);
  return (
    <div className="fs-pub-stack">
      <Link to="/publicity">← {t('publicity.public.back')}</Link>
      <Card>
        <h4 className="fs-pub-h4" data-testid="notice-title">
          {data.title}
        </h4>
        <p className="fs-pub-p fs-pub-muted">
          {data.unitName} ·{' '}
          {t('publicity.public.window', { from: formatDay(data.startsOn), to, days: data.workingDays })}{' '}
          <StatusTag status={data.status} />
        </p>
        <Alert type={data.status === 'open' ? 'info' : 'warning'} testId="notice-state">
          {data.status === 'open'
            ? t('publicity.public.openNow', { to })
            : t('publicity.public.endedNow', { to })}
        </Alert>
        {data.summary && <p className="fs-pub-p fs-pub-pre">{data.summary}</p>}
        <h5 className="fs-pub-h5">{t('publicity.public.listTitle')}</h5>
        <ul className="fs-pub-list fs-pub-list-small" data-testid="notice-items">
          {data.itemList.map((it, i) => (
            <li key={it.ref}>
              <span>
                {i + 1}. <strong>{it.label}</strong>
              </span>
              {it.detail && <span className="fs-pub-muted">{it.detail}</span>}
            </li>
          ))}
        </ul>
      </Card>
      {data.objectionList.length > 0 && (
        <Card title={t('publicity.public.outcomes')}>
          <ul className="fs-pub-list fs-pub-list-small">
            {data.objectionList.map((o, i) => (
              <li key={i} data-testid="public-objection">
                <div className="fs-pub-col">
                  <span>
                    <Tag color={STATUS_COLOR[o.status]}>{t(`publicity.objStatus.${o.status}`)}</Tag>
                    {o.itemLabel ?? t('publicity.public.whole')}
                  </span>
                  <span className={o.reply ? undefined : 'fs-pub-muted'}>
                    {o.reply ?? t('publicity.public.noReply')}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title={t('publicity.public.object')}>
        {data.status !== 'open' ? (
          <Alert type="info">{t('publicity.public.closedNote')}</Alert>
        ) : sent ? (
          <div className="fs-pub-result" data-testid="objection-sent">
            <h4 className="fs-pub-result-title">{t('publicity.public.sent')}</h4>
            <p className="fs-pub-p fs-pub-muted">{t('publicity.public.sentNext')}</p>
            <button type="button" className="fs-pub-btn" onClick={() => setSent(false)}>
              {t('publicity.public.another')}
            </button>
          </div>
        ) : (
          <ObjectionForm
            id={id}
            items={data.itemList}
            onSent={() => {
              setSent(true);
              reload();
            }}
          />
        )}
      </Card>
    </div>
  );
}

type Field = 'itemRef' | 'reason' | 'contact';

function ObjectionForm({
  id,
  items,
  onSent,
}: {
  id: number;
  items: { ref: string; label: string }[];
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const [rules, setRules] = useState<Rules | null>(null);
  const [values, setValues] = useState({ itemRef: '', reason: '', contact: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    let live = true;
    void import('../components/objectionRules').then((m) => live && setRules(m));
    return () => {
      live = false;
    };
  }, []);

  const reasonError = async (reason: string): Promise<string | undefined> => {
    const rule = t('publicity.public.reasonRule');
    if (reason.trim() === '') return rule;
    const problem = (rules ?? (await import('../components/objectionRules'))).reasonProblem(reason);
    if (problem === null) return undefined;
    return problem.startsWith('err.') ? t(problem as never, { defaultValue: rule }) : rule;
  };

  const change = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field === 'reason') void reasonError(value).then((e) => setErrors((es) => ({ ...es, reason: e })));
    else setErrors((es) => ({ ...es, [field]: undefined }));
  };

  const send = async () => {
    const problem = await reasonError(values.reason);
    setErrors((es) => ({ ...es, reason: problem }));
    if (problem) return;
    setSending(true);
    try {
      await call(routes.object, {
        params: { id },
        body: {
          reason: values.reason,
          ...(values.itemRef ? { itemRef: values.itemRef } : {}),
          ...(values.contact ? { contact: values.contact } : {}),
        },
      });
      setSendError(null);
      setValues({ itemRef: '', reason: '', contact: '' });
      setErrors({});
      onSent();
    } catch (err) {
      const fields =
        err instanceof ApiError ? err.fields.filter((f) => (f.path.split('.')[0] ?? '') in values) : [];
      if (fields.length > 0) {
        setErrors(Object.fromEntries(fields.map((f) => [f.path.split('.')[0], f.message])));
      } else setSendError(errorText(err, t));
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
      <p className="fs-pub-p fs-pub-muted">{t('publicity.public.objectHint')}</p>
      <div className="fs-pub-field">
        <label htmlFor={`${uid}-itemRef`}>{t('publicity.public.target')}</label>
        <select
          id={`${uid}-itemRef`}
          className={inputClass('itemRef')}
          data-testid="objection-target"
          value={values.itemRef}
          aria-describedby={describedBy('itemRef')}
          onChange={(e) => change('itemRef', e.target.value)}
        >
          <option value="">{t('publicity.public.whole')}</option>
          {items.map((i) => (
            <option key={i.ref} value={i.ref}>
              {i.label}
            </option>
          ))}
        </select>
        {help('itemRef')}
      </div>
      <div className="fs-pub-field">
        <label htmlFor={`${uid}-reason`} className="fs-pub-required">
          {t('publicity.public.reason')}
        </label>
        <textarea
          id={`${uid}-reason`}
          className={inputClass('reason')}
          data-testid="objection-reason"
          rows={4}
          maxLength={rules?.REASON_MAX}
          required
          aria-invalid={!!errors.reason}
          aria-describedby={describedBy('reason')}
          value={values.reason}
          onChange={(e) => change('reason', e.target.value)}
        />
        <span className="fs-pub-count">
          {rules?.REASON_MAX ? `${values.reason.length} / ${rules.REASON_MAX}` : values.reason.length}
        </span>
        {help('reason')}
      </div>
      <div className="fs-pub-field">
        <label htmlFor={`${uid}-contact`}>{t('publicity.public.contact')}</label>
        <input
          id={`${uid}-contact`}
          className={inputClass('contact')}
          data-testid="objection-contact"
          maxLength={rules?.CONTACT_MAX}
          aria-describedby={describedBy('contact')}
          value={values.contact}
          onChange={(e) => change('contact', e.target.value)}
        />
        {help('contact')}
      </div>
      {sendError && <Alert type="error">{sendError}</Alert>}
      <button type="submit" className="fs-bare-primary" disabled={sending} data-testid="objection-send">
        {t('publicity.public.send')}
      </button>
    </form>
  );
}
