import { useState } from 'react';
import { Alert, Card, DatePicker, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { disputeLedgerRowSchema } from '@fivestar/common';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { LedgerExcel } from '../components/LedgerExcel';
import { StatusTag } from './BoardPage';

type Row = z.infer<typeof disputeLedgerRowSchema>;
const OUTCOME_COLOR = { resolved: 'green', referred: 'orange', pending: 'blue' } as const;

/** 矛盾纠纷分类台账: every dispute in scope, by type, with its mediation and outcome. */
export function DisputeLedgerPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[string, string]>(['2023-01-01', dayjs().format('YYYY-MM-DD')]);
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const ledger = useApiQuery<{ items: Row[]; total: number }>('/grid/disputes', {
    from: range[0],
    to: range[1],
    ...paging,
  });
  const columns: TableColumnsType<Row> = [
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
      render: (v: Row['outcome']) => <Tag color={OUTCOME_COLOR[v]}>{t(`grid.disputes.outcomes.${v}`)}</Tag>,
    },
    { title: t('grid.disputes.agreement'), dataIndex: 'agreement', ellipsis: true },
    {
      title: t('grid.disputes.followUp'),
      dataIndex: 'followUpAt',
      render: (v: number | null) => formatDateTime(v),
    },
    { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
  ];
  return (
    <Card
      variant="borderless"
      title={t('grid.disputes.title')}
      data-testid="dispute-ledger"
      extra={
        <LedgerExcel
          path="/grid/disputes"
          query={{ from: range[0], to: range[1] }}
          onImported={ledger.reload}
        />
      }
    >
      <Space style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          value={[dayjs(range[0]), dayjs(range[1])]}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) {
              setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]);
              setPaging((p) => ({ ...p, page: 1 }));
            }
          }}
        />
      </Space>
      {ledger.error && (
        <Alert type="error" showIcon title={errorText(ledger.error, t)} style={{ marginBottom: 12 }} />
      )}
      <Table<Row>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={ledger.data?.items}
        loading={ledger.loading}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: ledger.data?.total,
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
    </Card>
  );
}
