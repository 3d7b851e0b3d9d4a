import { useState } from 'react';
import { Alert, Card, Col, Grid, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  chinaDate,
  developmentContract,
  REGISTRIES,
  REGISTRY_CODES,
  parentFieldOf,
  type VillageFigures,
} from '@fivestar/common';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';

const routes = developmentContract.routes;

/** The registries a clerk opens from here (those that hang off another are opened from their parent's rows). */
const TOP = REGISTRY_CODES.filter((c) => !parentFieldOf(REGISTRIES[c]));

/** The township's development dashboard: the period's figures, each village's industry-star ledgers, the registries. */
export default function DevelopmentPage() {
  const { t } = useTranslation();
  const isPhone = !Grid.useBreakpoint().md;
  const today = chinaDate(Date.now());
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const valid = from !== '' && to !== '' && from <= to;
  const summary = useApiQuery(valid ? routes.summary : null, { query: { from, to } });
  const villages = useApiQuery(routes.villages, { query: { year } });
  const s = summary.data;

  const stat = (testId: string, title: string, value: number | undefined) => (
    <Col xs={12} sm={8} lg={6} key={testId}>
      <Card size="small" variant="borderless" data-testid={`stat-${testId}`}>
        <Statistic
          title={title}
          value={value ?? '–'}
          loading={summary.loading && !s}
          formatter={(v) => (
            <span data-testid={`stat-value-${testId}`}>
              {typeof v === 'number' ? v.toLocaleString('zh-CN') : v}
            </span>
          )}
        />
      </Card>
    </Col>
  );

  const columns: TableColumnsType<VillageFigures> = [
    { title: t('development.villages.unit'), dataIndex: 'unitName', fixed: isPhone ? undefined : 'left' },
    {
      title: t('development.villages.project'),
      render: (_, v) =>
        v.facts['development.one_product'] ? t('development.villages.yes') : t('development.villages.no'),
    },
    {
      title: t('development.villages.income'),
      render: (_, v) => v.facts['development.collective_income'] ?? '–',
    },
    {
      title: t('development.villages.training'),
      render: (_, v) => v.facts['development.training_attendances'] ?? '–',
    },
    {
      title: t('development.villages.status'),
      render: (_, v) =>
        v.industry === null ? (
          <Typography.Text type="secondary">
            {t(v.branchId === null ? 'development.villages.noStandard' : 'development.villages.urban')}
          </Typography.Text>
        ) : v.industry.met ? (
          <Tag color="green" icon={<CheckCircleOutlined />} data-testid={`industry-${v.unitId}`}>
            {t('development.villages.met')}
          </Tag>
        ) : (
          <Tag color="orange" icon={<CloseCircleOutlined />} data-testid={`industry-${v.unitId}`}>
            {t('development.villages.notMet')}
          </Tag>
        ),
    },
  ];

  const tile = (key: string, to: string, title: string, desc?: string) => (
    <Col xs={24} sm={12} lg={8} key={key}>
      <Link to={to} data-testid={`registry-${key}`}>
        <Card size="small" hoverable>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>
              <Typography.Text strong>{title}</Typography.Text>
              {desc && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {desc}
                </Typography.Text>
              )}
            </span>
            <RightOutlined />
          </Space>
        </Card>
      </Link>
    </Col>
  );

  return (
    <div data-testid="development-page">
      <PageHeader title={t('development.title')} subtitle={isPhone ? undefined : t('development.subtitle')} />
      <Card size="small" variant="borderless" style={{ marginBottom: 12 }}>
        <Space wrap>
          <span>{t('development.period')}</span>
          <Input
            type="date"
            value={from}
            max={to}
            onChange={(e) => setFrom(e.target.value)}
            style={{ width: 150 }}
            data-testid="period-from"
          />
          <span>–</span>
          <Input
            type="date"
            value={to}
            min={from}
            onChange={(e) => setTo(e.target.value)}
            style={{ width: 150 }}
            data-testid="period-to"
          />
        </Space>
      </Card>
      {summary.error && (
        <Alert type="error" showIcon title={errorText(summary.error, t)} style={{ marginBottom: 12 }} />
      )}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {stat('training-attendances', t('development.summary.attendances'), s?.training.attendances)}
        {stat('training-people', t('development.summary.people'), s?.training.people)}
        {stat(
          'fairs',
          `${t('development.summary.jobFairs')} · ${t('development.summary.fairs')}`,
          s?.jobFairs.fairs,
        )}
        {stat('employers', t('development.summary.employers'), s?.jobFairs.employers)}
        {stat('placed', t('development.summary.placed'), s?.jobFairs.placed)}
        {stat('relocation-villages', t('development.summary.villages'), s?.relocation.villages)}
        {stat('relocation-people', t('development.summary.movedPeople'), s?.relocation.people)}
        {stat('enterprises', t('development.summary.enterprises'), s?.incubator.enterprises)}
        {stat('jobs', t('development.summary.jobs'), s?.incubator.jobs)}
        {stat('projects', t('development.summary.projects'), s?.projects)}
        {stat(
          'centres-planned',
          `${t('development.summary.serviceCentres')} · ${t('development.summary.planned')}`,
          s?.serviceCentres.planned,
        )}
        {stat(
          'centres-built',
          `${t('development.summary.serviceCentres')} · ${t('development.summary.built')}`,
          s?.serviceCentres.built,
        )}
        {stat('posts', t('development.summary.posts'), s?.environment.posts)}
        {stat('cleaners', t('development.summary.cleaners'), s?.environment.cleaners)}
        {stat('cadres', t('development.summary.cadres'), s?.environment.cadres)}
        {stat('villagers', t('development.summary.villagers'), s?.environment.villagers)}
      </Row>

      <Typography.Title level={5}>{t('development.sides.people')}</Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {tile('labour', '/development/labour', t('development.labour.nav'), t('development.labour.desc'))}
        {TOP.filter((c) => REGISTRIES[c].side === 'people').map((c) =>
          tile(c, `/development/r/${c}`, t(`development.registry.${c}`)),
        )}
      </Row>
      <Typography.Title level={5}>{t('development.sides.economy')}</Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {TOP.filter((c) => REGISTRIES[c].side === 'economy').map((c) =>
          tile(c, `/development/r/${c}`, t(`development.registry.${c}`)),
        )}
      </Row>

      <Card
        variant="borderless"
        title={t('development.villages.title')}
        extra={
          <Select
            value={year}
            onChange={setYear}
            style={{ width: 110 }}
            data-testid="year"
            options={Array.from({ length: 5 }, (_, i) => Number(today.slice(0, 4)) - i).map((y) => ({
              value: y,
              label: String(y),
            }))}
          />
        }
      >
        <Typography.Paragraph type="secondary">{t('development.villages.hint')}</Typography.Paragraph>
        {villages.error && <Alert type="error" showIcon title={errorText(villages.error, t)} />}
        <Table<VillageFigures>
          rowKey="unitId"
          size="small"
          data-testid="villages-table"
          columns={columns}
          dataSource={villages.data}
          loading={villages.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 60, showTotal: (n) => t('common.total', { count: n }) }}
        />
      </Card>
    </div>
  );
}
