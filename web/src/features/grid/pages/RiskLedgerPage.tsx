import { useState } from 'react';
import { Alert, Card, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { RISK_LEVELS, type riskSchema } from '@fivestar/common';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { LedgerExcel } from '../components/LedgerExcel';

type Row = z.infer<typeof riskSchema>;
const LEVEL_COLOR = { high: 'red', medium: 'orange', low: 'blue' } as const;

/** 风险台账: risks with a level, an owner and a review date. */
export function RiskLedgerPage() {
  const { t } = useTranslation();
  const [level, setLevel] = useState<string | undefined>();
  const risks = useApiQuery<{ items: Row[]; total: number }>('/grid/risks', { level, pageSize: 200 });
  const columns: TableColumnsType<Row> = [
    { title: t('grid.unit'), dataIndex: 'unitName' },
    {
      title: t('grid.risks.category'),
      dataIndex: 'category',
      render: (v: Row['category']) => t(`grid.risks.categories.${v}`),
    },
    {
      title: t('grid.risks.level'),
      dataIndex: 'level',
      render: (v: Row['level']) => <Tag color={LEVEL_COLOR[v]}>{t(`grid.risks.levels.${v}`)}</Tag>,
    },
    { title: t('grid.risks.titleCol'), dataIndex: 'title' },
    { title: t('grid.risks.measures'), dataIndex: 'measures', ellipsis: true },
    { title: t('grid.risks.owner'), dataIndex: 'ownerName' },
    {
      title: t('grid.risks.reviewDate'),
      dataIndex: 'reviewDate',
      render: (v: string, r) =>
        r.overdueReview ? (
          <Tag color="red">
            {v} {t('grid.risks.overdueReview')}
          </Tag>
        ) : (
          v
        ),
    },
    {
      title: t('grid.risks.status'),
      dataIndex: 'status',
      render: (v: Row['status']) => t(`grid.risks.statuses.${v}`),
    },
  ];
  return (
    <Card
      variant="borderless"
      title={t('grid.risks.title')}
      extra={<LedgerExcel path="/grid/risks" onImported={risks.reload} />}
    >
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('grid.risks.level')}
          style={{ width: 120 }}
          value={level}
          onChange={setLevel}
          options={RISK_LEVELS.map((x) => ({ value: x, label: t(`grid.risks.levels.${x}`) }))}
        />
      </Space>
      {risks.error && (
        <Alert type="error" showIcon title={errorText(risks.error, t)} style={{ marginBottom: 12 }} />
      )}
      <Table<Row>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={risks.data?.items}
        loading={risks.loading}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, showTotal: (n) => t('common.total', { count: n }) }}
      />
    </Card>
  );
}
