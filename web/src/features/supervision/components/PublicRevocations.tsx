import { useTranslation } from 'react-i18next';
import type { supervisionContract } from '@fivestar/common';
import { supervisionPublicAddresses } from '@fivestar/common/supervision/addresses';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDate } from '../../../components/format';
import { PubCard, PubTag } from '../../../components/publicKit';

/** The route by method and path only: the public page must not bring the schema library (see the addresses). */
const routes = supervisionPublicAddresses as unknown as Pick<
  (typeof supervisionContract)['routes'],
  'publicRevocations'
>;

/**
 * Stars taken (摘星) and restored, for the public notice page: village, year, star, reason and date. Drawn with the
 * public pages' plain elements (no component library); its words are supervision's, loaded with the page.
 */
export function PublicRevocations() {
  const { t } = useTranslation();
  const { data } = useApiQuery(routes.publicRevocations);
  if (!data?.length) return null;
  return (
    <PubCard title={t('supervision.public.title')} testId="public-revocations">
      <ul className="fs-pub-list fs-pub-list-small">
        {data.map((r, i) => (
          <li key={i}>
            <div className="fs-pub-col">
              <span>
                <PubTag color={r.kind === 'revoke' ? 'red' : 'green'}>
                  {t(`supervision.public.${r.kind}`)}
                </PubTag>
                {r.unitName} · {r.year} · {r.starName}
              </span>
              <span className="fs-pub-muted">{r.reason}</span>
            </div>
            <span className="fs-pub-muted">{formatDate(r.at)}</span>
          </li>
        ))}
      </ul>
    </PubCard>
  );
}
