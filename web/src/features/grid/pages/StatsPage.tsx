import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Space, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { gridContract } from '@fivestar/common';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { BarChart } from '../components/BarChart';

const REPORT_PERIOD: [string, string] = ['2023-01-01', '2023-08-06'];

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;

/** Statistics for the caller's scope: by month, type and village; rates; campaign tallies by sub-category. */
export default function StatsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[string, string]>([
    `${dayjs().year()}-01-01`,
    dayjs().format('YYYY-MM-DD'),
  ]);
  const query = { from: range[0], to: range[1] };
  const stats = useApiQuery(gridContract.routes.stats, { query });
  const summary = useApiQuery(gridContract.routes.summary, { query });
  const s = stats.data;
  const sum = summary.data;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          value={[dayjs(range[0]), dayjs(range[1])]}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
        <Button onClick={() => setRange(REPORT_PERIOD)} data-testid="stats-report-period">
          {t('grid.stats.reportPeriod')}
        </Button>
      </Space>
      {(stats.error || summary.error) && (
        <Alert
          type="error"
          showIcon
          title={errorText(stats.error ?? summary.error, t)}
          style={{ marginBottom: 12 }}
        />
      )}
      <div className="fs-events-stats" data-testid="stats-cards">
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.stats.total')} value={sum?.total ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.summary.events')} value={sum?.byClass.event ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.summary.disputes')} value={sum?.byClass.dispute ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.summary.disputesClosed')} value={sum?.disputesClosed ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.stats.closureRate')} value={pct(s?.closureRate)} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.summary.onTimeRate')} value={pct(s?.onTimeRate)} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.stats.avgDays')} value={s?.avgHandlingDays ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.stats.escalations')} value={s?.escalations ?? '—'} />
        </Card>
      </div>
      {s && (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Card size="small" variant="borderless" title={t('grid.stats.byMonth')}>
            <BarChart
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0, data: [t('grid.class.event'), t('grid.class.dispute')] },
                grid: { left: 48, right: 16, top: 36, bottom: 28 },
                xAxis: { type: 'category', data: s.byMonth.map((m) => m.month) },
                yAxis: { type: 'value' },
                series: [
                  {
                    name: t('grid.class.event'),
                    type: 'bar',
                    stack: 'n',
                    data: s.byMonth.map((m) => m.event),
                  },
                  {
                    name: t('grid.class.dispute'),
                    type: 'bar',
                    stack: 'n',
                    data: s.byMonth.map((m) => m.dispute),
                  },
                ],
              }}
            />
          </Card>
          <Card size="small" variant="borderless" title={t('grid.stats.byType')}>
            <BarChart
              height={Math.max(240, s.byType.length * 22)}
              option={{
                tooltip: {},
                grid: { left: 110, right: 24, top: 8, bottom: 24 },
                xAxis: { type: 'value' },
                yAxis: { type: 'category', data: s.byType.map((x) => x.typeName), inverse: true },
                series: [
                  { type: 'bar', data: s.byType.map((x) => x.total), itemStyle: { color: '#c8102e' } },
                ],
              }}
            />
          </Card>
          <Card
            size="small"
            variant="borderless"
            title={t('grid.stats.campaigns')}
            data-testid="campaign-tallies"
          >
            <Table
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={sum?.campaigns ?? []}
              columns={[
                { title: t('grid.stats.campaign'), dataIndex: 'name' },
                { title: t('grid.stats.cases'), dataIndex: 'total', align: 'right' },
                {
                  title: t('grid.stats.subCategories'),
                  dataIndex: 'bySubCategory',
                  render: (v: Record<string, number>) => (
                    <Space wrap size={4}>
                      {Object.entries(v).map(([k, n]) => (
                        <Tag key={k}>
                          {k} {n}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" variant="borderless" title={t('grid.stats.byVillage')}>
            <Table
              rowKey="unitId"
              size="small"
              dataSource={[...s.byVillage].sort((a, b) => b.total - a.total)}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('grid.unit'), dataIndex: 'unitName' },
                { title: t('grid.stats.cases'), dataIndex: 'total', align: 'right' },
              ]}
            />
          </Card>
        </Space>
      )}
    </>
  );
}
