import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { PublicityStatus, publicityContract } from '@fivestar/common';
import { publicityAddresses } from '@fivestar/common/publicity/addresses';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { BareLanguageSwitch, BareSpin } from '../../../app/bare';
import { BrandMark } from '../../../components/BrandMark';
import { formatDay, STATUS_COLOR } from '../components/format';
import {
  PubAlert as Alert,
  PubCard as Card,
  PubList,
  PubObjectionForm,
  PubTag as Tag,
} from '../../../components/publicKit';

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
      <PubList
        items={data?.items}
        loading={loading}
        empty={t('publicity.public.none')}
        busyLabel={t('publicity.public.loading')}
        testId="notice-list"
      >
        {(n) => (
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
        )}
      </PubList>
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

/** The rules load once the notice shows: they bring the schema library. */
const loadRules = () => import('../../../components/objectionRules').then((m) => m.publicityObjection);

/** The objection form with this module's words: the reason is checked by the schema the server applies. */
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
  return (
    <PubObjectionForm
      labels={{
        hint: t('publicity.public.objectHint'),
        textRule: t('publicity.public.reasonRule'),
        target: t('publicity.public.target'),
        whole: t('publicity.public.whole'),
        text: t('publicity.public.reason'),
        contact: t('publicity.public.contact'),
        send: t('publicity.public.send'),
      }}
      targets={items.map((i) => ({ value: i.ref, label: i.label }))}
      loadRules={loadRules}
      textTestId="objection-reason"
      fieldOf={{ target: 'itemRef', text: 'reason', contact: 'contact' }}
      errorText={(err) => errorText(err, t)}
      submit={async (v) => {
        await call(routes.object, {
          params: { id },
          body: {
            reason: v.text,
            ...(v.target ? { itemRef: v.target } : {}),
            ...(v.contact ? { contact: v.contact } : {}),
          },
        });
        onSent();
      }}
    />
  );
}
