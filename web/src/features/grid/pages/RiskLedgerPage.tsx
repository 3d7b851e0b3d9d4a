import { useState } from 'react';
import { Card, Select, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { gridContract, RISK_LEVELS, type Risk, type RiskLevel } from '@fivestar/common';
import { useApiQuery } from '../../../api/useApiQuery';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { LedgerExcel } from '../components/LedgerExcel';
import { UnmaskedExports } from '../components/UnmaskedExports';

const LEVEL_COLOR: Record<RiskLevel, string> = { high: 'red', medium: 'orange', low: 'blue' };

/** 风险台账: risks with a level, an owner and a review date. */
export function RiskLedgerPage() {
  const { t } = useTranslation();
  const [level, setLevel] = useState<RiskLevel | undefined>();
  const { paging, setPaging, firstPage } = usePaging(50);
  const risks = useApiQuery(gridContract.routes.risks, { query: { level, ...paging } });
  const columns: TableColumnsType<Risk> = [
    { title: t('grid.unit'), dataIndex: 'unitName' },
    {
      title: t('grid.risks.category'),
      dataIndex: 'category',
      render: (v: Risk['category']) => t(`grid.risks.categories.${v}`),
    },
    {
      title: t('grid.risks.level'),
      dataIndex: 'level',
      render: (v: RiskLevel) => <Tag color={LEVEL_COLOR[v]}>{t(`grid.risks.levels.${v}`)}</Tag>,
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
      render: (v: Risk['status']) => t(`grid.risks.statuses.${v}`),
    },
  ];
  return (
    <Card
      variant="borderless"
      title={t('grid.risks.title')}
      extra={<LedgerExcel ledger="risks" onImported={risks.reload} />}
    >
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('grid.risks.level')}
          style={{ width: 120 }}
          value={level}
          onChange={(v) => {
            setLevel(v);
            firstPage();
          }}
          options={RISK_LEVELS.map((x) => ({ value: x, label: t(`grid.risks.levels.${x}`) }))}
        />
      </Space>
      <PagedTable<Risk> size="small" columns={columns} result={risks} paging={paging} onPaging={setPaging} />
      <UnmaskedExports ledger="risks" fileName={`${t('grid.risks.title')}（明文）.xlsx`} />
    </Card>
  );
}
