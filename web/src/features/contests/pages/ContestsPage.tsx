import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Grid, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { contestsContract, type RoundListItem } from '@fivestar/common';
import { useCan } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';
import { RoundForm } from '../components/RoundForm';

/** Every round in the caller's scope (township rounds and county contests), with progress and the way to results. */
export default function ContestsPage() {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const rounds = useApiQuery(contestsContract.routes.list, { query: {} });
  const list = rounds.data ?? [];
  const statusTag = (r: RoundListItem) => (
    <Tag color={r.status === 'open' ? 'blue' : 'green'}>{t(`contests.status.${r.status}`)}</Tag>
  );
  const actions = (r: RoundListItem) => (
    <Space>
      <Link to={`/contests/${r.id}`} data-testid={`round-open-${r.id}`}>
        {t('contests.open')}
      </Link>
      <Link to={`/contests/${r.id}/results`} data-testid={`round-results-${r.id}`}>
        {t('contests.results')}
      </Link>
    </Space>
  );
  return (
    <div>
      <PageHeader
        title={t('contests.title')}
        subtitle={phone ? undefined : t('contests.subtitle')}
        extra={
          <Space wrap>
            {can('contest:manage') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="round-new"
              >
                {t('contests.form.new')}
              </Button>
            )}
            {can('contest:score') && (
              <Link to="/contests/judge">
                <Button type={can('contest:manage') ? 'default' : 'primary'}>{t('contests.judgeNav')}</Button>
              </Link>
            )}
          </Space>
        }
      />
      {can('contest:manage') && <RoundForm open={creating} onClose={() => setCreating(false)} />}
      {phone ? (
        list.length === 0 ? (
          <Empty description={t('contests.empty')} />
        ) : (
          list.map((r) => (
            <Card key={r.id} size="small" style={{ marginBottom: 8 }} data-testid="round-card">
              <Typography.Text strong>{r.name}</Typography.Text>
              <div>
                {r.date} · {t(`contests.level.${r.level}`)} · {statusTag(r)}
              </div>
              <div>
                {t('contests.col.progress')} {r.sheets}/{r.expected}
              </div>
              {actions(r)}
            </Card>
          ))
        )
      ) : (
        <Table<RoundListItem>
          rowKey="id"
          size="small"
          loading={rounds.loading}
          dataSource={list}
          data-testid="rounds-table"
          pagination={false}
          locale={{ emptyText: t('contests.empty') }}
          columns={[
            { title: t('contests.col.name'), dataIndex: 'name' },
            { title: t('contests.col.level'), render: (_, r) => t(`contests.level.${r.level}`) },
            { title: t('contests.col.date'), dataIndex: 'date' },
            { title: t('contests.col.unit'), dataIndex: 'unitName' },
            { title: t('contests.col.progress'), render: (_, r) => `${r.sheets} / ${r.expected}` },
            { title: t('contests.col.status'), render: (_, r) => statusTag(r) },
            { title: '', render: (_, r) => actions(r) },
          ]}
        />
      )}
    </div>
  );
}
