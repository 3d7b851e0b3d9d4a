import { useState } from 'react';
import { Card, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { auditContract, type AuditLogEntry } from '@fivestar/common';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { actionLabel, objectLabel, resultLabel } from '../actionLabel';
import { JobsCard } from '../components/JobsCard';

const json = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

/** Who did what, when, from where (audit:read). */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const [action, setAction] = useState<string | undefined>(undefined);
  // The filter offers the actions present in the log, by name.
  const actions = useApiQuery(auditContract.routes.actions);
  const { paging, setPaging, firstPage } = usePaging(50);
  const audit = useApiQuery(auditContract.routes.list, { query: { action, ...paging } });

  const columns: TableColumnsType<AuditLogEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: number) => formatDateTime(v) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorDisplayName',
      render: (v: string | null, e) =>
        v ?? e.actorName ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (v: string) => actionLabel(i18n, v) ?? <span className="fs-mono">{v}</span>,
    },
    {
      title: t('audit.object'),
      key: 'object',
      render: (_v, e) => objectLabel(i18n, e.objectType, e.objectId),
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      render: (v: string) => (
        <Tag color={v === 'ok' || v === 'success' ? 'green' : 'orange'}>{resultLabel(i18n, v)}</Tag>
      ),
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
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="audit-filter"
            placeholder={t('audit.filterAction')}
            value={action}
            onChange={(v: string | undefined) => {
              setAction(v);
              firstPage();
            }}
            options={(actions.data ?? []).map((code) => ({
              value: code,
              label: actionLabel(i18n, code) ?? code,
            }))}
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
