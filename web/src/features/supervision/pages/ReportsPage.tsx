import { Button, Card, DatePicker, Grid, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FlagFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { supervisionContract } from '@fivestar/common';
import { urlOf } from '../../../api/client';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';
import { SettingsCard } from '../components/SettingsCard';
import { SupervisionTabs } from '../components/SupervisionTabs';
import { useMe } from '../../../api/session';

const R = supervisionContract.routes;

/** 一周一调度 and the monthly ranking with its flags and the circular for the meeting. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const manage = (useMe().permissions as string[]).includes('supervision:manage');
  const [day, setDay] = useState(dayjs());
  const [month, setMonth] = useState(dayjs());
  const weekly = useApiQuery(R.weekly, { query: { date: day.format('YYYY-MM-DD') } });
  const ranking = useApiQuery(R.ranking, { query: { month: month.format('YYYY-MM') } });
  const w = weekly.data;
  const m = month.format('YYYY-MM');
  const rankControls = (
    <Space wrap>
      <DatePicker picker="month" value={month} allowClear={false} onChange={(v) => v && setMonth(v)} />
      <Button
        icon={<DownloadOutlined />}
        href={urlOf(R.circular, { query: { month: m, format: 'pdf' } })}
        data-testid="circular-pdf"
      >
        {t('supervision.reports.pdf')}
      </Button>
      <Button
        icon={<DownloadOutlined />}
        href={urlOf(R.circular, { query: { month: m, format: 'docx' } })}
        data-testid="circular-docx"
      >
        {t('supervision.reports.docx')}
      </Button>
    </Space>
  );
  const weekPicker = (
    <DatePicker picker="week" value={day} allowClear={false} onChange={(v) => v && setDay(v)} />
  );
  return (
    <div>
      <PageHeader title={t('supervision.tabs.reports')} />
      <SupervisionTabs />
      <Card
        variant="borderless"
        style={{ marginBottom: 16 }}
        title={t('supervision.reports.ranking')}
        extra={phone ? undefined : rankControls}
      >
        {phone && <div style={{ marginBottom: 12 }}>{rankControls}</div>}
        <Table
          rowKey="unitId"
          size="small"
          data-testid="ranking-table"
          loading={ranking.loading}
          dataSource={ranking.data?.rows}
          pagination={{ pageSize: phone ? 10 : 20, size: 'small' }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('supervision.reports.rank'), dataIndex: 'rank', width: 60 },
            { title: t('supervision.col.village'), dataIndex: 'unitName' },
            { title: t('supervision.reports.rate'), dataIndex: 'rate', render: (v: number) => `${v}%` },
            { title: t('supervision.reports.due'), dataIndex: 'due' },
            { title: t('supervision.reports.onTime'), dataIndex: 'closedOnTime' },
            { title: t('supervision.reports.overdue'), dataIndex: 'overdue' },
            {
              title: t('supervision.reports.flag'),
              dataIndex: 'flag',
              render: (v: 'red' | 'yellow' | null) =>
                v && (
                  <Tag color={v === 'red' ? 'red' : 'gold'} icon={<FlagFilled />}>
                    {t(`supervision.reports.${v}`)}
                  </Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card
        variant="borderless"
        title={
          <span>
            {t('supervision.reports.weekly')}{' '}
            {w && (
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {t('supervision.reports.week', { start: w.weekStart, end: w.weekEnd })}
              </Typography.Text>
            )}
          </span>
        }
        extra={phone ? undefined : weekPicker}
      >
        {phone && <div style={{ marginBottom: 12 }}>{weekPicker}</div>}
        {w && (
          <Space wrap style={{ marginBottom: 12 }} data-testid="weekly-totals">
            {(['total', 'closed', 'newItems', 'closedInWeek', 'overdue'] as const).map((k) => (
              <Tag key={k} color={k === 'overdue' && w.totals.overdue > 0 ? 'red' : 'default'}>
                {t(`supervision.reports.${k}`)} {w.totals[k]}
              </Tag>
            ))}
          </Space>
        )}
        <Table
          rowKey={(r) => `${r.unitId}-${r.starCode}`}
          size="small"
          loading={weekly.loading}
          dataSource={w?.rows}
          pagination={{ pageSize: 15, size: 'small' }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('supervision.col.village'), dataIndex: 'unitName' },
            { title: t('supervision.col.star'), dataIndex: 'starName' },
            { title: t('supervision.reports.total'), dataIndex: 'total' },
            { title: t('supervision.reports.closed'), dataIndex: 'closed' },
            { title: t('supervision.reports.newItems'), dataIndex: 'newItems' },
            { title: t('supervision.reports.closedInWeek'), dataIndex: 'closedInWeek' },
            { title: t('supervision.reports.overdue'), dataIndex: 'overdue' },
          ]}
        />
      </Card>
      {manage && <SettingsCard />}
    </div>
  );
}
