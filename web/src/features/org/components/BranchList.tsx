import { Alert, Card, Empty, Pagination, Spin, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Branch } from '@fivestar/common';
import { errorText } from '../../../api/errors';
import type { QueryState } from '../../../api/useApiQuery';
import { Masked } from '../../../components/Masked';
import { nextPaging, PagedTable, type Paging } from '../../../components/PagedTable';
import { BranchKindTag } from './BranchKindTag';

interface Props {
  result: QueryState<{ items: Branch[]; total: number }>;
  paging: Paging;
  onPaging: (paging: Paging) => void;
  /** Phones get one card per branch instead of a wide table. */
  cards: boolean;
}

/** The village-level party branches within the selected unit's subtree. */
export function BranchList({ result, paging, onPaging, cards }: Props) {
  const { t } = useTranslation();
  const { data, loading } = result;
  const total = data?.total ?? 0;
  const showTotal = (n: number) => (
    <span data-testid="branch-total">{t('org.branchTotal', { count: n })}</span>
  );

  if (cards) {
    return (
      <div data-testid="branch-table">
        {result.error && (
          <Alert type="error" showIcon title={errorText(result.error, t)} style={{ marginBottom: 12 }} />
        )}
        <Spin spinning={loading}>
          {data && data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {data?.items.map((b) => (
              <Link key={b.id} to={`/org/branches/${b.id}`} data-testid="branch-card">
                <Card size="small" hoverable>
                  <div
                    style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center' }}
                  >
                    <Typography.Text strong>{b.name}</Typography.Text>
                    <BranchKindTag kind={b.kind} />
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {[b.districtName, b.unitName].filter(Boolean).join(' · ')}
                  </Typography.Text>
                  <div style={{ marginTop: 4, fontSize: 13, color: 'rgba(0,0,0,0.65)' }}>
                    <UserOutlined /> {b.secretaryName ?? t('org.noSecretary')}
                    {b.secretaryPhone && (
                      <>
                        {'  '}
                        <Masked value={b.secretaryPhone} />
                      </>
                    )}
                  </div>
                </Card>
              </Link>
            ))}
          </div>
        </Spin>
        <Pagination
          size="small"
          simple={total > paging.pageSize}
          style={{ marginTop: 12, justifyContent: 'center' }}
          current={paging.page}
          pageSize={paging.pageSize}
          total={total}
          showTotal={showTotal}
          onChange={(page, pageSize) => onPaging(nextPaging(paging, page, pageSize))}
        />
      </div>
    );
  }

  const columns: TableColumnsType<Branch> = [
    {
      title: t('org.col.name'),
      dataIndex: 'name',
      render: (name: string, b) => <Link to={`/org/branches/${b.id}`}>{name}</Link>,
    },
    { title: t('org.col.village'), dataIndex: 'unitName' },
    { title: t('org.col.district'), dataIndex: 'districtName', render: (v: string | null) => v ?? '—' },
    {
      title: t('org.col.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: Branch['kind']) => <BranchKindTag kind={k} />,
    },
    {
      title: t('org.col.secretary'),
      dataIndex: 'secretaryName',
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('org.noSecretary')}</Typography.Text>,
    },
    {
      title: t('org.col.phone'),
      dataIndex: 'secretaryPhone',
      render: (v: string | null) => <Masked value={v} />,
    },
  ];

  return (
    <PagedTable<Branch>
      testId="branch-table"
      columns={columns}
      result={result}
      paging={paging}
      onPaging={onPaging}
      totalText={showTotal}
    />
  );
}
