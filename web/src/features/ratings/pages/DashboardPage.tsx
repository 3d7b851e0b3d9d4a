import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Row, Select, Skeleton, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ratingsContract, type Dashboard } from '@fivestar/common';
import { urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { labelColourOn, tooltipLines } from '../../../components/chartText';
import { DrillModal, type Drill } from '../components/DrillModal';
import { ImportModal } from '../components/ImportModal';
import { RatingsTabs } from '../components/RatingsTabs';
import { LEVEL_COLORS } from '../components/status';
import { WhyDrawer } from '../components/WhyDrawer';

const Chart = lazy(() => import('../components/Chart'));

/** The township dashboard: levels, stars, the three-or-more share, targets vs results, the cycle, a village map. */
export default function DashboardPage() {
  const { t } = useTranslation();
  // No year chosen yet: the server answers for the current year by its own clock.
  const [chosen, setYear] = useState<number | undefined>(undefined);
  const { data, error, reload } = useApiQuery(ratingsContract.routes.dashboard, { query: { year: chosen } });
  const year = chosen ?? data?.summary.year;
  const canImport = (useMe().permissions as string[]).includes('rating:rate');
  const [importing, setImporting] = useState(false);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [branch, setBranch] = useState<number | null>(null);
  const [geo, setGeo] = useState<unknown>(null);
  const navigate = useNavigate();

  useEffect(() => {
    void fetch('/geo/zhangzhuang-villages.geojson')
      .then((r) => (r.ok ? r.json() : null))
      .then(setGeo)
      .catch(() => setGeo(null));
  }, []);

  const starName = useMemo(() => new Map((data?.stars ?? []).map((s) => [s.code, s.name])), [data]);
  const years = useMemo(() => {
    const ys = new Set<number>(data?.years.map((y) => y.year) ?? []);
    if (year !== undefined) ys.add(year);
    return [...ys].sort((a, b) => b - a);
  }, [data, year]);

  const geoReg = useMemo(() => (geo ? { name: 'zhangzhuang', json: geo } : undefined), [geo]);
  if (error) return <Alert type="error" showIcon title={errorText(error, t)} />;
  const s = data?.summary;
  const levels = ['0', '1', '2', '3', '4', '5'];
  const open = (title: string, query: Omit<Drill['query'], 'year'>) =>
    year !== undefined && setDrill({ title, query: { year, ...query } });

  const levelOption = s && {
    tooltip: {},
    grid: { left: 40, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: levels.map((l) => t('ratings.levelShort', { n: l })) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('ratings.result'),
        type: 'bar',
        data: levels.map((l, i) => ({ value: s.byLevel[l] ?? 0, itemStyle: { color: LEVEL_COLORS[i] } })),
        label: { show: true, position: 'top' },
      },
      {
        name: t('ratings.target'),
        type: 'bar',
        data: levels.map((l) => data.targets.levels[l] ?? 0),
        itemStyle: { color: '#bfbfbf' },
      },
    ],
    legend: { top: 0, right: 0 },
  };
  const starOption = s && {
    tooltip: {},
    legend: { top: 0, right: 0 },
    grid: { left: 40, right: 16, top: 28, bottom: 40 },
    xAxis: { type: 'category', data: data.stars.map((x) => x.name), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('ratings.result'),
        type: 'bar',
        data: data.stars.map((x) => s.byStar[x.code] ?? 0),
        itemStyle: { color: '#c41d1d' },
        label: { show: true, position: 'top' },
      },
      {
        name: t('ratings.target'),
        type: 'bar',
        data: data.stars.map((x) => data.targets.stars[x.code] ?? 0),
        itemStyle: { color: '#bfbfbf' },
      },
    ],
  };
  // The legend sits below the axis labels (scrolling on a phone), so it never runs into the axis.
  const yoyOption = data && {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0, left: 'center' },
    grid: { left: 40, right: 40, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: data.years.map((y) => String(y.year)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      ...['3', '4', '5'].map((l) => ({
        name: t('ratings.levelShort', { n: l }),
        type: 'bar',
        stack: 'l',
        data: data.years.map((y) => y.byLevel[l] ?? 0),
        itemStyle: { color: LEVEL_COLORS[Number(l)] },
      })),
      {
        name: t('ratings.gained'),
        type: 'bar',
        data: data.years.map((y) => data.changes.find((c) => c.year === y.year)?.gained ?? 0),
        itemStyle: { color: '#52c41a' },
      },
      {
        name: t('ratings.lost'),
        type: 'bar',
        data: data.years.map((y) => {
          const c = data.changes.find((x) => x.year === y.year);
          return c ? c.lost + c.revoked : 0;
        }),
        itemStyle: { color: '#8c8c8c' },
      },
      {
        name: t('ratings.threeOrMoreShare'),
        type: 'line',
        yAxisIndex: 1,
        data: data.years.map((y) => y.threeOrMoreShare),
        label: { show: true, formatter: '{c}%' },
      },
    ],
  };
  const cycleKeys = Object.keys(data?.cycle ?? {});
  const cycleOption = data && {
    tooltip: {},
    grid: { left: 110, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: cycleKeys.map((k) => t(`ratings.status.${k}` as never)) },
    series: [
      {
        type: 'bar',
        data: cycleKeys.map((k) => data.cycle[k]),
        itemStyle: { color: '#1677ff' },
        label: { show: true, position: 'right' },
      },
    ],
  };
  const mapOption =
    data && geo
      ? {
          tooltip: {
            formatter: (p: { name: string; value: number }) =>
              tooltipLines(`${p.name}：${Number.isFinite(p.value) ? p.value : 0}★`),
          },
          // The legend is one row above the map, which is laid out below it: it never covers a village.
          visualMap: {
            type: 'piecewise',
            orient: 'horizontal',
            pieces: levels.map((l, i) => ({
              value: i,
              label: t('ratings.levelShort', { n: l }),
              color: LEVEL_COLORS[i],
            })),
            itemGap: 6,
            left: 'center',
            top: 0,
          },
          series: [
            {
              type: 'map',
              map: 'zhangzhuang',
              roam: true,
              top: 36,
              bottom: 4,
              label: { show: true, fontSize: 9 },
              // Names in a colour readable on each level's fill (white on the dark levels).
              data: data.villages.map((v) => ({
                name: v.name,
                value: v.level,
                label: { color: labelColourOn(LEVEL_COLORS[v.level] ?? LEVEL_COLORS[0]!) },
              })),
            },
          ],
        }
      : null;

  return (
    <div>
      <RatingsTabs />
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ratings.tabs.dashboard')}
        </Typography.Title>
        <Select
          data-testid="year-select"
          value={year}
          onChange={(y: number) => setYear(y)}
          options={years.map((y) => ({ value: y, label: `${y}` }))}
          style={{ width: 110 }}
        />
        <div style={{ flex: 1 }} />
        {canImport && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-open">
            {t('ratings.import.button')}
          </Button>
        )}
        <Button
          icon={<DownloadOutlined />}
          href={urlOf(ratingsContract.routes.exportTable, { query: { year: year ?? '' } })}
        >
          {t('ratings.export')}
        </Button>
      </div>
      {!s || !data ? (
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
          <Row gutter={[16, 16]}>
            {[
              { key: 'branches', title: t('ratings.branches'), value: s.branches, q: {} },
              { key: 'three', title: t('ratings.threeOrMore'), value: s.threeOrMore, q: { minLevel: 3 } },
              {
                key: 'share',
                title: t('ratings.threeOrMoreShare'),
                value: `${s.threeOrMoreShare.toFixed(2)}%`,
                q: { minLevel: 3 },
              },
              { key: 'five', title: t('ratings.fiveStar'), value: s.byLevel['5'] ?? 0, q: { level: 5 } },
            ].map((k) => (
              <Col xs={12} lg={6} key={k.key}>
                <Card
                  variant="borderless"
                  hoverable
                  onClick={() => open(k.title, k.q)}
                  data-testid={`kpi-${k.key}`}
                >
                  <Statistic title={k.title} value={k.value} />
                </Card>
              </Col>
            ))}
            <Col xs={24} lg={12}>
              <Card variant="borderless" title={`${t('ratings.byLevel')} · ${t('ratings.targetsVsResults')}`}>
                <Chart
                  testId="chart-level"
                  option={levelOption!}
                  onClick={(e) =>
                    e.seriesIndex === 0 &&
                    open(t('ratings.level', { n: e.dataIndex }), { level: e.dataIndex })
                  }
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card variant="borderless" title={`${t('ratings.byStar')} · ${t('ratings.targetsVsResults')}`}>
                <Chart
                  testId="chart-star"
                  option={starOption!}
                  onClick={(e) =>
                    e.seriesIndex === 0 &&
                    open(data.stars[e.dataIndex]!.name, { star: data.stars[e.dataIndex]!.code })
                  }
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card
                variant="borderless"
                title={t('ratings.map')}
                extra={<Typography.Text type="secondary">{t('ratings.mapNote')}</Typography.Text>}
              >
                {mapOption ? (
                  <Chart
                    testId="chart-map"
                    height={420}
                    option={mapOption}
                    geo={geoReg}
                    onClick={(e) => {
                      const v = data.villages.find((x) => x.name === e.name);
                      if (v) setBranch(v.branchId);
                    }}
                  />
                ) : (
                  <Skeleton active />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card variant="borderless" title={t('ratings.yearOverYear')} style={{ marginBottom: 16 }}>
                <Chart testId="chart-yoy" option={yoyOption!} height={220} />
              </Card>
              <Card variant="borderless" title={`${t('ratings.cycle')}（${year}）`}>
                {cycleKeys.length ? (
                  <Chart
                    testId="chart-cycle"
                    option={cycleOption!}
                    height={170}
                    onClick={(e) =>
                      void navigate(`/ratings/applications?year=${year}&status=${cycleKeys[e.dataIndex]}`)
                    }
                  />
                ) : (
                  <Statistic
                    data-testid="cycle-empty"
                    title={t('ratings.cycleEmpty')}
                    value={0}
                    suffix={t('ratings.cycleUnit')}
                  />
                )}
              </Card>
            </Col>
            <Col span={24}>
              <Card variant="borderless" title={t('ratings.byDistrict')}>
                <Table
                  size="small"
                  rowKey="unitId"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={data.byDistrict}
                  columns={[
                    { title: t('ratings.district'), dataIndex: 'name' },
                    { title: t('ratings.branches'), dataIndex: 'branches' },
                    ...levels.map((l) => ({
                      title: t('ratings.levelShort', { n: l }),
                      key: l,
                      render: (_: unknown, r: Dashboard['byDistrict'][number]) => (
                        <a
                          onClick={() =>
                            open(`${r.name} ${t('ratings.level', { n: l })}`, {
                              unitId: r.unitId,
                              level: Number(l),
                            })
                          }
                        >
                          {r.byLevel[l] ?? 0}
                        </a>
                      ),
                    })),
                    {
                      title: t('ratings.threeOrMoreShare'),
                      key: 'share',
                      render: (_: unknown, r: Dashboard['byDistrict'][number]) =>
                        `${r.branches ? ((r.threeOrMore / r.branches) * 100).toFixed(2) : '0.00'}%`,
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </Suspense>
      )}
      {importing && <ImportModal onClose={() => setImporting(false)} onDone={reload} />}
      {drill && (
        <DrillModal drill={drill} starName={starName} onClose={() => setDrill(null)} onBranch={setBranch} />
      )}
      {branch !== null && year !== undefined && (
        <WhyDrawer branchId={branch} year={year} onClose={() => setBranch(null)} />
      )}
    </div>
  );
}
