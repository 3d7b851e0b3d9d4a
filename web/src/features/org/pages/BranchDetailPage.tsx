import {
  Alert,
  Avatar,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { orgContract } from '@fivestar/common';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { Masked } from '../../../components/Masked';
import { BranchKindTag } from '../components/BranchKindTag';
import './org.css';

/** One village-level party branch: its facts, its grid station and the grid workers serving it. */
export default function BranchDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const me = useMe();
  const { data, error } = useApiQuery(orgContract.routes.branch, { params: { id: Number(id) } });

  const back = (
    <Button
      type="text"
      icon={<ArrowLeftOutlined />}
      onClick={() => navigate(-1)}
      aria-label={t('common.back')}
    />
  );
  if (error) return <Alert type="error" showIcon title={errorText(error, t)} action={back} />;
  if (!data || data.id !== Number(id)) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }

  const above = data.ancestors.filter((a) => a.id !== data.unitId);
  const scopeStart = above.findIndex((a) => a.id === me.unit.id);
  const crumbs = [
    ...above.map((a, i) => ({
      key: a.id,
      title: scopeStart >= 0 && i >= scopeStart ? <Link to={`/org?unit=${a.id}`}>{a.name}</Link> : a.name,
    })),
    { key: data.unitId, title: <Link to={`/org?unit=${data.unitId}`}>{data.unitName}</Link> },
    { key: 'self', title: data.name },
  ];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <div>
        <Breadcrumb items={crumbs} style={{ fontSize: 13, marginBottom: 8 }} />
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          {back}
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="branch-name">
            {data.name}
          </Typography.Title>
          <BranchKindTag kind={data.kind} />
          {data.isRelocationCommunity && <Tag color="gold">{t('org.relocation')}</Tag>}
        </div>
      </div>

      <Card variant="borderless" title={t('org.branchInfo')}>
        <Descriptions
          column={{ xs: 1, sm: 2, lg: 3 }}
          size="middle"
          items={[
            { key: 'unit', label: t('org.col.village'), children: data.unitName },
            { key: 'district', label: t('org.col.district'), children: data.districtName ?? '—' },
            { key: 'orgType', label: t('org.orgType.label'), children: t(`org.orgType.${data.orgType}`) },
            { key: 'members', label: t('org.memberCount'), children: data.memberCount },
            {
              key: 'secretary',
              label: t('org.col.secretary'),
              children: data.secretaryName ?? t('org.noSecretary'),
            },
            { key: 'phone', label: t('org.col.phone'), children: <Masked value={data.secretaryPhone} /> },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card variant="borderless" title={t('org.station')} style={{ height: '100%' }}>
            {data.station ? (
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'name', label: t('org.stations.stationName'), children: data.station.name },
                  {
                    key: 'kind',
                    label: t('org.stations.kind'),
                    children: t(`org.stationKind.${data.station.kind}`),
                  },
                  { key: 'workers', label: t('org.workerCount'), children: data.station.workerCount },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noStation')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            variant="borderless"
            title={
              <span data-testid="grid-workers-title">
                {t('org.gridWorkers', { count: data.gridWorkers.length })}
              </span>
            }
            style={{ height: '100%' }}
          >
            {data.gridWorkers.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noWorkers')} />
            ) : (
              <div className="fs-workers" data-testid="grid-workers">
                {data.gridWorkers.map((w) => (
                  <div key={w.id} className="fs-worker" data-testid="grid-worker">
                    <Avatar
                      icon={<UserOutlined />}
                      style={{ background: '#f0f0f0', color: '#8c8c8c', flex: 'none' }}
                    />
                    <div style={{ minWidth: 0 }}>
                      <Typography.Text strong>{w.name}</Typography.Text>
                      <div style={{ fontSize: 13, color: 'rgba(0,0,0,0.55)' }}>
                        <Masked value={w.phone} />
                        {w.username && (
                          <>
                            {' · '}
                            {t('org.account')} <span className="fs-mono">{w.username}</span>
                          </>
                        )}
                      </div>
                    </div>
                  </div>
                ))}
              </div>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
