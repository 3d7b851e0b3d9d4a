import { useState } from 'react';
import { Card, DatePicker, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { gridContract, type DisputeLedgerRow, type DisputeOutcome, type EventStatus } from '@fivestar/common';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { LedgerExcel } from '../components/LedgerExcel';
import { UnmaskedExports } from '../components/UnmaskedExports';
import { StatusTag } from '../components/StatusTag';

const OUTCOME_COLOR: Record<DisputeOutcome, string> = {
  resolved: 'green',
  referred: 'orange',
  pending: 'blue',
};

/** 矛盾纠纷分类台账: every dispute in scope, by type, with its mediation and outcome. */
export function DisputeLedgerPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState({ from: '2023-01-01', to: dayjs().format('YYYY-MM-DD') });
  const { paging, setPaging, firstPage } = usePaging(50);
  const ledger = useApiQuery(gridContract.routes.disputes, { query: { ...period, ...paging } });
  const columns: TableColumnsType<DisputeLedgerRow> = [
    {
      title: t('grid.code'),
      dataIndex: 'code',
      render: (v: string) => <span className="fs-mono">{v}</span>,
    },
    { title: t('grid.reportedAt'), dataIndex: 'reportedAt', render: (v: number) => formatDateTime(v) },
    { title: t('grid.unit'), dataIndex: 'unitName' },
    { title: t('grid.disputes.type'), dataIndex: 'disputeTypeName' },
    { title: t('grid.parties'), dataIndex: 'parties', ellipsis: true },
    { title: t('grid.mediation.mediator'), dataIndex: 'mediatorName' },
    { title: t('grid.mediation.sessions'), dataIndex: 'sessions', align: 'right' },
    {
      title: t('grid.disputes.outcome'),
      dataIndex: 'outcome',
      render: (v: DisputeOutcome) => <Tag color={OUTCOME_COLOR[v]}>{t(`grid.disputes.outcomes.${v}`)}</Tag>,
    },
    { title: t('grid.disputes.agreement'), dataIndex: 'agreement', ellipsis: true },
    {
      title: t('grid.disputes.followUp'),
      dataIndex: 'followUpAt',
      render: (v: number | null) => formatDateTime(v),
    },
    { title: t('common.status'), dataIndex: 'status', render: (s: EventStatus) => <StatusTag status={s} /> },
  ];
  return (
    <Card
      variant="borderless"
      title={t('grid.disputes.title')}
      data-testid="dispute-ledger"
      extra={<LedgerExcel ledger="disputes" period={period} onImported={ledger.reload} />}
    >
      <Space style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          value={[dayjs(period.from), dayjs(period.to)]}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) {
              setPeriod({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') });
              firstPage();
            }
          }}
        />
      </Space>
      <PagedTable<DisputeLedgerRow>
        size="small"
        columns={columns}
        result={ledger}
        paging={paging}
        onPaging={setPaging}
      />
      <UnmaskedExports
        ledger="disputes"
        period={period}
        fileName={`${t('grid.disputes.title')}（明文）.xlsx`}
      />
    </Card>
  );
}
