import { useState } from 'react';
import { Card, Input, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { auditContract, type AuditLogEntry } from '@fivestar/common';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { JobsCard } from '../components/JobsCard';

const json = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

/** Who did what, when, from where (audit:read). */
export default function AuditPage() {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const { paging, setPaging, firstPage } = usePaging(50);
  const audit = useApiQuery(auditContract.routes.list, { query: { action, ...paging } });

  const columns: TableColumnsType<AuditLogEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: number) => formatDateTime(v) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (v: string) => <span className="fs-mono">{v}</span>,
    },
    {
      title: t('audit.object'),
      key: 'object',
      render: (_v, e) => (e.objectType ? `${e.objectType}${e.objectId ? ` #${e.objectId}` : ''}` : '—'),
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      render: (v: string) => <Tag color={v === 'ok' || v === 'success' ? 'green' : 'orange'}>{v}</Tag>,
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      render: (v: string | null) => <span className="fs-mono">{v ?? '—'}</span>,
    },
  ];

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <JobsCard />
      <Card variant="borderless">
        <div className="fs-toolbar">
          <Input.Search
            allowClear
            placeholder={t('audit.filterAction')}
            onSearch={(v) => {
              setAction(v.trim());
              firstPage();
            }}
            style={{ width: 280 }}
          />
        </div>
        <PagedTable<AuditLogEntry>
          testId="audit-table"
          columns={columns}
          result={audit}
          paging={paging}
          onPaging={setPaging}
          expandable={{
            rowExpandable: (e) => e.oldValue != null || e.newValue != null,
            expandedRowRender: (e) => (
              <div className="fs-audit-diff">
                <div>
                  <Typography.Text type="secondary">{t('audit.oldValue')}</Typography.Text>
                  <pre>{json(e.oldValue)}</pre>
                </div>
                <div>
                  <Typography.Text type="secondary">{t('audit.newValue')}</Typography.Text>
                  <pre>{json(e.newValue)}</pre>
                </div>
              </div>
            ),
          }}
        />
      </Card>
    </>
  );
}
