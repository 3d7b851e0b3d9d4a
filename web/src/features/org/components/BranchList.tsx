import { Card, Empty, Pagination, Spin, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Branch } from '@fivestar/common';
import type { Page } from '../../../api/client';
import { Masked } from '../../../components/Masked';
import { BranchKindTag } from './BranchKindTag';

interface Props {
  data: Page<Branch> | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  /** Phones get one card per branch instead of a wide table. */
  cards: boolean;
}

/** The village-level party branches within the selected unit's subtree. */
export function BranchList({ data, loading, page, pageSize, onPage, cards }: Props) {
  const { t } = useTranslation();
  const total = data?.total ?? 0;
  const showTotal = (n: number) => (
    <span data-testid="branch-total">{t('org.branchTotal', { count: n })}</span>
  );

  if (cards) {
    return (
      <div data-testid="branch-table">
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
          simple={total > pageSize}
          style={{ marginTop: 12, justifyContent: 'center' }}
          current={page}
          pageSize={pageSize}
          total={total}
          showTotal={showTotal}
          onChange={onPage}
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
    <div data-testid="branch-table">
      <Table<Branch>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={loading}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize,
          total,
          showTotal,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          onChange: onPage,
        }}
      />
    </div>
  );
}
