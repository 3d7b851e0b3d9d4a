import { Alert, Breadcrumb, Button, Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrgUnitDetail } from '@fivestar/common';
import { LevelTag } from '../../../components/LevelTag';
import type { UnitRef } from './OrgTree';

interface Props {
  detail: OrgUnitDetail | undefined;
  /** Why the unit could not be loaded (e.g. 404 outside the caller's scope). */
  error?: string;
  /** The root of the caller's scope: ancestors above it are shown but cannot be opened. */
  scopeRootId: number;
  onSelect: (unit: UnitRef) => void;
  onRename?: () => void;
}

/** The selected unit: where it sits, what it is, and how much it contains. */
export function UnitDetailCard({ detail, error, scopeRootId, onSelect, onRename }: Props) {
  const { t } = useTranslation();
  if (error) {
    return (
      <Card variant="borderless">
        <Alert type="warning" showIcon title={error} />
      </Card>
    );
  }
  if (!detail) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    );
  }
  const scopeStart = detail.ancestors.findIndex((a) => a.id === scopeRootId);
  const crumbs = [
    ...detail.ancestors.map((a, i) => ({
      key: a.id,
      title:
        scopeStart >= 0 && i >= scopeStart ? (
          <a onClick={() => onSelect({ id: a.id, name: a.name, level: a.level })}>{a.name}</a>
        ) : (
          a.name
        ),
    })),
    { key: detail.id, title: detail.name },
  ];
  const stats = [
    { key: 'branches', value: detail.counts.branches },
    { key: 'stations', value: detail.counts.stations },
    { key: 'gridWorkers', value: detail.counts.gridWorkers },
    { key: 'users', value: detail.counts.users },
  ] as const;

  return (
    <Card variant="borderless" data-testid="unit-detail">
      <Breadcrumb items={crumbs} style={{ marginBottom: 8, fontSize: 13 }} />
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="unit-name">
          {detail.name}
        </Typography.Title>
        <LevelTag level={detail.level} />
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('org.code')} <span className="fs-mono">{detail.code}</span>
        </Typography.Text>
        {onRename && (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={onRename}>
            {t('org.rename')}
          </Button>
        )}
      </div>
      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col key={s.key} xs={12} sm={6}>
            <Statistic title={t(`org.counts.${s.key}`)} value={s.value} data-testid={`count-${s.key}`} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
