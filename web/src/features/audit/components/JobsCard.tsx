import { Card, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { jobsContract, type JobStatus } from '@fivestar/common';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';

const STATUS_COLOR = { ok: 'green', running: 'blue', failed: 'red' } as const;

/** The daily jobs (idle accounts, dispute retention) and their last run, on the audit page (audit:read). */
export function JobsCard() {
  const { t } = useTranslation();
  const jobs = useApiQuery(jobsContract.routes.status);

  const columns: TableColumnsType<JobStatus> = [
    {
      title: t('audit.jobs.name'),
      dataIndex: 'name',
      // Job names come from the modules that own them; one this page does not know yet shows its code.
      render: (v: JobStatus['name']) => t(`audit.jobs.names.${v}` as never, { defaultValue: v }),
    },
    {
      title: t('audit.jobs.setting'),
      key: 'setting',
      render: (_v, j) =>
        t(`audit.jobs.settingText.${j.name}` as never, {
          ...j.setting,
          defaultValue: JSON.stringify(j.setting),
        }),
    },
    {
      title: t('audit.jobs.lastRun'),
      key: 'lastRun',
      render: (_v, j) =>
        j.lastRun ? (
          <span>
            {formatDateTime(j.lastRun.finishedAt ?? j.lastRun.startedAt)}{' '}
            <Typography.Text type="secondary">
              ({t(`audit.jobs.trigger.${j.lastRun.trigger}`)})
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">{t('audit.jobs.never')}</Typography.Text>
        ),
    },
    {
      title: t('audit.jobs.status'),
      key: 'status',
      render: (_v, j) =>
        j.lastRun ? (
          <Tag color={STATUS_COLOR[j.lastRun.status]} title={j.lastRun.error ?? undefined}>
            {t(`audit.jobs.statusName.${j.lastRun.status}`)}
          </Tag>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.jobs.counts'),
      key: 'counts',
      render: (_v, j) =>
        j.lastRun?.counts ? (
          <span className="fs-mono">
            {Object.entries(j.lastRun.counts)
              .map(([k, n]) => `${t(`audit.jobs.countNames.${k}`, { defaultValue: k })} ${n}`)
              .join(' · ')}
          </span>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card
      variant="borderless"
      title={t('audit.jobs.title')}
      style={{ marginBottom: 16 }}
      data-testid="jobs-card"
    >
      <Table<JobStatus>
        rowKey="name"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={jobs.data ?? []}
        loading={jobs.loading}
      />
    </Card>
  );
}
