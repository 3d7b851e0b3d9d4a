import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  List,
  Progress,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  ITEM_LISTS,
  ITEM_STATUSES,
  SLIP_COLOURS,
  supervisionContract,
  type SupervisionItem,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { NewItemModal } from '../components/NewItemModal';
import { SlipTag, STATUS_COLOR } from '../components/SlipTag';
import { SupervisionTabs } from '../components/SupervisionTabs';

type Mine = 'owner' | 'checker' | 'escalated' | 'linked';

/** The lists of the villages in scope; on a phone, one card per item with its next action a tap away. */
export default function ItemsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const perms = me.permissions as string[];
  const phone = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [params, setParams] = useSearchParams();
  const { paging, setPaging, firstPage } = usePaging(20);
  const mine = (params.get('mine') as Mine | null) ?? undefined;
  const list = (params.get('list') as (typeof ITEM_LISTS)[number] | null) ?? undefined;
  const slip = params.get('slip') ?? undefined;
  const status = params.get('status') ?? undefined;
  const q = params.get('q') ?? undefined;
  const unit = params.get('unit') ? Number(params.get('unit')) : undefined;
  const star = params.get('star') ?? undefined;
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    firstPage();
  };
  const result = useApiQuery(supervisionContract.routes.items, {
    query: {
      ...paging,
      ...(mine ? { mine } : {}),
      ...(list ? { list } : {}),
      ...(slip ? { slip: slip as never } : {}),
      ...(status ? { status: status as never } : {}),
      ...(q ? { q } : {}),
      ...(unit ? { unitId: unit } : {}),
      ...(star ? { starCode: star } : {}),
      ...(year ? { year } : {}),
    },
  });
  const mineOptions: (Mine | 'all')[] = ['all'];
  if (perms.includes('supervision:work')) mineOptions.push('owner');
  if (perms.includes('supervision:check')) mineOptions.push('checker');
  mineOptions.push('escalated', 'linked');

  const filters = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Segmented
        value={mine ?? 'all'}
        options={mineOptions.map((m) => ({
          value: m,
          label: <span data-testid={`mine-${m}`}>{t(`supervision.mine.${m}`)}</span>,
        }))}
        onChange={(v) => set('mine', v === 'all' ? undefined : String(v))}
      />
      <Select
        allowClear
        style={{ width: 120 }}
        placeholder={t('supervision.list.task')}
        value={list}
        options={ITEM_LISTS.map((l) => ({ value: l, label: t(`supervision.list.${l}`) }))}
        onChange={(v) => set('list', v)}
      />
      <Select
        allowClear
        style={{ width: 130 }}
        placeholder={t('supervision.filter.slip')}
        value={slip}
        data-testid="filter-slip"
        options={SLIP_COLOURS.map((s) => ({ value: s, label: t(`supervision.slip.${s}`) }))}
        onChange={(v) => set('slip', v)}
      />
      <Select
        allowClear
        style={{ width: 120 }}
        placeholder={t('supervision.filter.status')}
        value={status}
        options={ITEM_STATUSES.map((s) => ({ value: s, label: t(`supervision.status.${s}`) }))}
        onChange={(v) => set('status', v)}
      />
      <Input.Search
        allowClear
        style={{ width: 200 }}
        placeholder={t('supervision.filter.search')}
        defaultValue={q}
        onSearch={(v) => set('q', v.trim() || undefined)}
      />
    </Space>
  );

  return (
    <div>
      <PageHeader
        title={t('supervision.title')}
        subtitle={phone ? undefined : t('supervision.subtitle')}
        extra={
          perms.includes('supervision:manage') && (
            <>
              <Button type="primary" data-testid="new-item" onClick={() => setCreating(true)}>
                {t('supervision.action.create')}
              </Button>
              <Button
                data-testid="generate"
                onClick={() =>
                  modal.confirm({
                    title: t('supervision.generate'),
                    onOk: async () => {
                      try {
                        const r = await call(supervisionContract.routes.generate, {
                          body: { unitId: me.unit.id, year: new Date().getFullYear() },
                        });
                        message.success(t('supervision.generated', r));
                        result.reload();
                      } catch (err) {
                        message.error(errorText(err, t));
                      }
                    },
                  })
                }
              >
                {t('supervision.generate')}
              </Button>
            </>
          )
        }
      />
      <NewItemModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => void navigate(`/supervision/items/${id}`)}
      />
      <SupervisionTabs />
      {filters}
      {phone ? (
        <List<SupervisionItem>
          data-testid="items-list"
          loading={result.loading}
          dataSource={result.data?.items}
          locale={{ emptyText: <Empty description={t('supervision.empty')} /> }}
          pagination={
            (result.data?.total ?? 0) > paging.pageSize
              ? {
                  current: paging.page,
                  pageSize: paging.pageSize,
                  total: result.data?.total,
                  onChange: (page) => setPaging({ ...paging, page }),
                  size: 'small',
                }
              : false
          }
          renderItem={(item) => (
            <Card
              key={item.id}
              size="small"
              hoverable
              style={{ marginBottom: 10 }}
              data-testid={`item-${item.id}`}
              onClick={() => void navigate(`/supervision/items/${item.id}`)}
            >
              <div style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 56 }}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Space size={4} wrap>
                    <SlipTag slip={item.slip} />
                    <Tag color={STATUS_COLOR[item.status]}>{t(`supervision.status.${item.status}`)}</Tag>
                    <Typography.Text type="secondary">{item.starName}</Typography.Text>
                  </Space>
                  <div style={{ fontSize: 16, fontWeight: 500, margin: '4px 0' }}>{item.title}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {item.unitName} · {t('supervision.col.deadline')} {item.deadline}
                  </Typography.Text>
                  <Progress percent={item.progress} size="small" showInfo={false} />
                </div>
                <RightOutlined />
              </div>
            </Card>
          )}
        />
      ) : (
        <PagedTable<SupervisionItem>
          testId="items-table"
          result={result}
          paging={paging}
          onPaging={setPaging}
          locale={{ emptyText: <Empty description={t('supervision.empty')} /> }}
          columns={[
            { title: t('supervision.col.village'), dataIndex: 'unitName', width: 140 },
            { title: t('supervision.col.star'), dataIndex: 'starName', width: 110 },
            {
              title: t('supervision.col.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Link to={`/supervision/items/${r.id}`} data-testid={`item-${r.id}`}>
                  {v}
                </Link>
              ),
            },
            { title: t('supervision.col.owner'), dataIndex: 'ownerName', width: 180 },
            { title: t('supervision.col.deadline'), dataIndex: 'deadline', width: 110 },
            {
              title: t('supervision.col.progress'),
              dataIndex: 'progress',
              width: 120,
              render: (v: number) => <Progress percent={v} size="small" />,
            },
            {
              title: t('supervision.col.status'),
              dataIndex: 'status',
              width: 100,
              render: (v: SupervisionItem['status']) => (
                <Tag color={STATUS_COLOR[v]}>{t(`supervision.status.${v}`)}</Tag>
              ),
            },
            {
              title: t('supervision.col.slip'),
              dataIndex: 'slip',
              width: 110,
              render: (v: SupervisionItem['slip']) => <SlipTag slip={v} />,
            },
          ]}
        />
      )}
    </div>
  );
}
