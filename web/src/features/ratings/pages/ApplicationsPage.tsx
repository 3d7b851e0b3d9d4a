import { useState } from 'react';
import { Alert, Card, List, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { APPLICATION_STATUSES, ratingsContract, type ApplicationStatus } from '@fivestar/common';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { usePaging } from '../../../components/PagedTable';
import { RatingsTabs } from '../components/RatingsTabs';
import { STATUS_COLOR } from '../components/status';

const isStatus = (s: string | null): s is ApplicationStatus =>
  (APPLICATION_STATUSES as readonly string[]).includes(s ?? '');

/** The star applications in the caller's scope (a secretary: their own village's), phone-friendly, paged. */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [year, setYear] = useState(Number(params.get('year')) || new Date().getFullYear());
  const initial = params.get('status');
  const [status, setStatus] = useState<ApplicationStatus | undefined>(
    isStatus(initial) ? initial : undefined,
  );
  const { paging, setPaging, firstPage } = usePaging();
  const { data, error, loading } = useApiQuery(ratingsContract.routes.applications, {
    query: { year, status, ...paging },
  });
  return (
    <div>
      <RatingsTabs />
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12, alignItems: 'center' }}>
        <Typography.Title level={4} style={{ margin: 0, flex: '1 1 100%' }}>
          {t('ratings.apps.title')}
        </Typography.Title>
        <Select
          value={year}
          onChange={(y) => {
            setYear(y);
            firstPage();
          }}
          style={{ width: 100 }}
          options={[0, 1, 2, 3, 4].map((d) => ({
            value: new Date().getFullYear() - d,
            label: `${new Date().getFullYear() - d}`,
          }))}
        />
        <Select
          allowClear
          data-testid="status-filter"
          placeholder={t('common.status')}
          value={status}
          onChange={(s?: ApplicationStatus) => {
            setStatus(s);
            firstPage();
          }}
          style={{ width: 160 }}
          options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`ratings.status.${s}` as never) }))}
        />
      </div>
      {error && <Alert type="error" title={errorText(error, t)} />}
      <Card variant="borderless" styles={{ body: { padding: 8 } }}>
        <List
          data-testid="application-list"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('ratings.apps.empty') }}
          pagination={
            data && data.total > paging.pageSize
              ? {
                  current: paging.page,
                  pageSize: paging.pageSize,
                  total: data.total,
                  size: 'small',
                  onChange: (page, pageSize) =>
                    setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
                }
              : false
          }
          renderItem={(a) => (
            <List.Item
              actions={[
                <Link key="open" to={`/ratings/applications/${a.id}`} data-testid={`open-${a.id}`}>
                  {a.status === 'draft' || a.status === 'returned'
                    ? t('ratings.apps.open')
                    : t('ratings.apps.view')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <span>
                    {a.starName}{' '}
                    <Tag color={STATUS_COLOR[a.status]}>{t(`ratings.status.${a.status}` as never)}</Tag>
                  </span>
                }
                description={`${a.branchName} · ${a.year} · ${a.round > 0 ? t('ratings.apps.round', { n: a.round }) : t('ratings.apps.round0')}`}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
