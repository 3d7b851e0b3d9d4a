import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { PublicNotice, ratingsContract } from '@fivestar/common';
import { ratingsPublicAddresses } from '@fivestar/common/ratings/addresses';
import { call, urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { BareLanguageSwitch, BareSpin } from '../../../app/bare';
import { BrandMark } from '../../../components/BrandMark';
import { formatDate } from '../../../components/format';
import { PubAlert, PubCard, PubList, PubObjectionForm, PubTag } from '../../../components/publicKit';
import { PublicRevocations } from '../../supervision';

/**
 * The contract's public routes by method and path only (the types are the contract's): importing the contract would
 * bring its schemas, and the schema library, into a villager's first visit. The objection form's rules load once the
 * notice shows.
 */
const routes = ratingsPublicAddresses as unknown as Pick<
  (typeof ratingsContract)['routes'],
  'publicNotices' | 'publicNotice' | 'publicNoticePdf' | 'object'
>;

const loadRules = () => import('../../../components/objectionRules').then((m) => m.ratingsObjection);

/**
 * The star-rating public notice (公示): no sign-in, branch names and stars only, an objection form, the outcomes, and
 * the stars taken or restored. Drawn with plain elements, like the sign-in page, so a first visit stays small.
 */
export default function PublicNoticePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <div className="fs-pub fs-bare">
      <div className="fs-pub-head">
        <BrandMark size={28} />
        <span className="fs-pub-name">{t('app.name')}</span>
        <Link to="/login">{t('ratings.public.signIn')}</Link>
        <BareLanguageSwitch />
      </div>
      {id ? <NoticeView id={Number(id)} /> : <NoticeList />}
    </div>
  );
}

function OpenTag({ open }: { open: boolean }) {
  const { t } = useTranslation();
  return (
    <PubTag color={open ? 'purple' : undefined} testId="notice-status">
      {open ? t('ratings.notices.open') : t('ratings.notices.closed')}
    </PubTag>
  );
}

function NoticeList() {
  const { t } = useTranslation();
  const { data, error, loading } = useApiQuery(routes.publicNotices);
  return (
    <div className="fs-pub-stack">
      <PubCard title={t('ratings.public.list')}>
        {error && <PubAlert type="error">{errorText(error, t)}</PubAlert>}
        <PubList items={data} loading={loading} empty={t('ratings.public.none')} testId="notice-list">
          {(n) => (
            <li key={n.id}>
              <div className="fs-pub-col">
                <Link to={`/notice/${n.id}`}>{n.title}</Link>
                <span className="fs-pub-sub">
                  {n.unitName} · {t('ratings.notices.window')}：{formatDate(n.startsAt)} –{' '}
                  {formatDate(Date.parse(n.endsAt) - 1)}
                </span>
              </div>
              <OpenTag open={n.open} />
            </li>
          )}
        </PubList>
      </PubCard>
      <PublicRevocations />
    </div>
  );
}

function NoticeView({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data, error, reload } = useApiQuery(routes.publicNotice, { params: { id } });
  const [sent, setSent] = useState(false);
  if (error) return <PubAlert type="error">{errorText(error, t)}</PubAlert>;
  if (!data) return <BareSpin />;
  const byBranch = new Map<string, PublicNotice['items']>();
  for (const it of data.items) byBranch.set(it.branchName, [...(byBranch.get(it.branchName) ?? []), it]);
  return (
    <div className="fs-pub-stack">
      <Link to="/notice">← {t('ratings.public.list')}</Link>
      <PubCard>
        <h4 className="fs-pub-h4" data-testid="notice-title">
          {data.title}
        </h4>
        <p className="fs-pub-p fs-pub-muted">
          {data.unitName} · {t('ratings.notices.window')}：{formatDate(data.startsAt)} –{' '}
          {formatDate(Date.parse(data.endsAt) - 1)} <OpenTag open={data.open} />
        </p>
        <ul className="fs-pub-list fs-pub-list-small" data-testid="notice-items">
          {[...byBranch.entries()].map(([branch, items]) => (
            <li key={branch}>
              <strong>{branch}</strong>
              <span>
                {items.map((i) => (
                  <PubTag key={i.applicationId} color="red">
                    {i.starName}
                  </PubTag>
                ))}
              </span>
            </li>
          ))}
        </ul>
        <a href={urlOf(routes.publicNoticePdf, { params: { id } })}>{t('ratings.notices.pdf')}</a>
      </PubCard>
      {data.objections.length > 0 && (
        <PubCard title={t('ratings.public.outcome')}>
          <ul className="fs-pub-list fs-pub-list-small">
            {data.objections.map((o) => (
              <li key={o.id} data-testid="public-objection">
                <span>
                  <PubTag color={o.status === 'open' ? 'orange' : o.status === 'upheld' ? 'red' : 'green'}>
                    {t(`ratings.objectionStatus.${o.status}` as never)}
                  </PubTag>
                  {o.outcome ?? ''}
                </span>
              </li>
            ))}
          </ul>
        </PubCard>
      )}
      <PublicRevocations />
      <PubCard title={t('ratings.public.object')}>
        {!data.open ? (
          <PubAlert type="info">{t('ratings.public.closedNote')}</PubAlert>
        ) : sent ? (
          <div className="fs-pub-result" data-testid="objection-sent">
            <h4 className="fs-pub-result-title">{t('ratings.public.sent')}</h4>
            <button type="button" className="fs-pub-btn" onClick={() => setSent(false)}>
              {t('ratings.public.another')}
            </button>
          </div>
        ) : (
          <PubObjectionForm
            labels={{
              hint: t('ratings.public.objectHint'),
              textRule: t('ratings.public.contentRule'),
              target: t('ratings.public.target'),
              whole: t('ratings.public.whole'),
              text: t('ratings.public.content'),
              contact: t('ratings.public.contact'),
              send: t('ratings.public.send'),
            }}
            targets={data.items.map((i) => ({
              value: String(i.applicationId),
              label: `${i.branchName} · ${i.starName}`,
            }))}
            loadRules={loadRules}
            textTestId="objection-content"
            fieldOf={{ target: 'applicationId', text: 'content', contact: 'contact' }}
            errorText={(err) => errorText(err, t)}
            submit={async (v) => {
              await call(routes.object, {
                params: { id },
                body: {
                  content: v.text,
                  ...(v.target ? { applicationId: Number(v.target) } : {}),
                  ...(v.contact ? { contact: v.contact } : {}),
                },
              });
              setSent(true);
              reload();
            }}
          />
        )}
      </PubCard>
    </div>
  );
}
