import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Input, Select, Space, Statistic, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  awaitsReplyFrom,
  chinaDate,
  EVENT_CLASSES,
  EVENT_STATUSES,
  gridContract,
  SUPERVISION_LEVELS,
  type EventClass,
  type EventStatus,
  type EventSummary,
  type SupervisionLevel,
} from '@fivestar/common';
import { useCan, useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { EventDrawer } from '../components/EventDrawer';
import { StatusTag } from '../components/StatusTag';
import { SupervisionTag } from '../components/SupervisionTag';

const { routes } = gridContract;
const today = () => chinaDate(Date.now());

interface Filters {
  status?: EventStatus[];
  class?: EventClass;
  supervision?: SupervisionLevel;
  q?: string;
}

/** The township grid centre's board: the figures, the list with filters, and each report's detail and actions. */
export function BoardPage() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const [filters, setFilters] = useState<Filters>({});
  // `?awaiting=me` (the secretary's to-do links here): only the events waiting for the caller's unit to answer.
  const [params, setParams] = useSearchParams();
  const awaiting = params.get('awaiting') === 'me';
  const mayAnswer = can('grid:handle');
  const { paging, setPaging, firstPage } = usePaging();
  const [openId, setOpenId] = useState<number | null>(null);
  const year = today().slice(0, 4);
  const list = useApiQuery(routes.events, {
    query: {
      ...paging,
      status: filters.status?.join(','),
      class: filters.class,
      supervision: filters.supervision,
      q: filters.q || undefined,
      awaiting: awaiting ? 'me' : undefined,
      sort: '-reportedAt',
    },
  });
  const summary = useApiQuery(routes.summary, { query: { from: `${year}-01-01`, to: today() } });
  const overdue = useApiQuery(routes.overdue);
  const reminders = useApiQuery(routes.reminders);
  const red = reminders.data?.filter((r) => r.level === 'red') ?? [];
  const yellow = reminders.data?.filter((r) => r.level === 'yellow') ?? [];
  const filter = (change: Filters) => {
    setFilters((f) => ({ ...f, ...change }));
    firstPage();
  };

  const columns: TableColumnsType<EventSummary> = [
    {
      title: t('grid.code'),
      dataIndex: 'code',
      render: (v: string) => <span className="fs-mono">{v}</span>,
    },
    {
      title: t('grid.type'),
      dataIndex: 'typeName',
      render: (v: string, r) => (
        <Space size={4}>
          <Tag color={r.class === 'dispute' ? 'volcano' : 'blue'}>{t(`grid.class.${r.class}`)}</Tag>
          {v}
        </Space>
      ),
    },
    { title: t('grid.unit'), dataIndex: 'unitName' },
    { title: t('grid.place'), dataIndex: 'place', ellipsis: true },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (s: EventStatus, r) => (
        <Space size={4} wrap>
          <StatusTag status={s} />
          {mayAnswer && awaitsReplyFrom(r, me.unit.id) && (
            <Tag color="magenta" data-testid={`awaiting-${r.id}`}>
              {t('grid.board.awaitingTag')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('grid.filters.supervision'),
      dataIndex: 'supervision',
      render: (s: SupervisionLevel) => (s === 'normal' ? '—' : <SupervisionTag level={s} />),
    },
    { title: t('grid.reportedAt'), dataIndex: 'reportedAt', render: (v: number) => formatDateTime(v) },
    { title: t('grid.dueAt'), dataIndex: 'dueAt', render: (v: number | null) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'open',
      render: (_, r) => (
        <Button size="small" type="link" onClick={() => setOpenId(r.id)} data-testid={`open-${r.id}`}>
          {t('grid.openDetail')}
        </Button>
      ),
    },
  ];

  const s = summary.data;
  const figures = [
    { title: t('grid.summary.total'), value: s?.total },
    { title: t('grid.summary.events'), value: s?.byClass.event },
    { title: t('grid.summary.disputes'), value: s?.byClass.dispute },
    { title: t('grid.summary.disputesClosed'), value: s?.disputesClosed },
  ];
  return (
    <>
      <div className="fs-events-stats">
        {figures.map((f) => (
          <Card key={f.title} size="small" variant="borderless">
            <Statistic title={f.title} value={f.value ?? '—'} />
          </Card>
        ))}
        <Card size="small" variant="borderless">
          <Statistic
            title={t('grid.summary.onTimeRate')}
            value={s?.onTimeRate == null ? '—' : (s.onTimeRate * 100).toFixed(1)}
            suffix={s?.onTimeRate == null ? undefined : '%'}
          />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic
            title={t('grid.summary.overdue')}
            value={overdue.data?.length ?? '—'}
            valueStyle={{ color: overdue.data?.length ? '#cf1322' : undefined }}
          />
        </Card>
      </div>
      {(red.length > 0 || yellow.length > 0) && (
        <Alert
          type={red.length ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="reminders"
          title={t('grid.reminders', { red: red.length, yellow: yellow.length })}
          description={
            <Space wrap size={4}>
              {[...red, ...yellow].slice(0, 12).map((r) => (
                <Tag
                  key={r.eventId}
                  color={r.level === 'red' ? 'red' : 'gold'}
                  style={{ cursor: 'pointer' }}
                  onClick={() => setOpenId(r.eventId)}
                >
                  {r.code}
                </Tag>
              ))}
            </Space>
          }
        />
      )}
      <Card variant="borderless">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('grid.board.search')}
            style={{ width: 240 }}
            maxLength={50}
            onSearch={(q) => filter({ q: q.trim() })}
            data-testid="board-search"
          />
          {mayAnswer && (
            <Checkbox
              checked={awaiting}
              data-testid="filter-awaiting"
              onChange={(e) => {
                setParams(e.target.checked ? { awaiting: 'me' } : {});
                firstPage();
              }}
            >
              {t('grid.board.awaitingMe')}
            </Checkbox>
          )}
          <Select
            mode="multiple"
            allowClear
            placeholder={t('grid.filters.status')}
            style={{ minWidth: 220 }}
            value={filters.status}
            onChange={(status) => filter({ status })}
            options={EVENT_STATUSES.map((x) => ({ value: x, label: t(`grid.status.${x}`) }))}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder={t('grid.filters.class')}
            style={{ width: 120 }}
            value={filters.class}
            onChange={(cls) => filter({ class: cls })}
            options={EVENT_CLASSES.map((x) => ({ value: x, label: t(`grid.class.${x}`) }))}
          />
          <Select
            allowClear
            placeholder={t('grid.filters.supervision')}
            style={{ width: 140 }}
            value={filters.supervision}
            onChange={(supervision) => filter({ supervision })}
            options={SUPERVISION_LEVELS.map((x) => ({ value: x, label: t(`grid.supervision.${x}`) }))}
          />
        </Space>
        <PagedTable<EventSummary>
          columns={columns}
          result={list}
          paging={paging}
          onPaging={setPaging}
          onRow={(r) => ({ onDoubleClick: () => setOpenId(r.id) })}
        />
      </Card>
      <EventDrawer
        id={openId}
        onClose={() => setOpenId(null)}
        onChanged={() => {
          reminders.reload();
          list.reload();
          summary.reload();
          overdue.reload();
        }}
      />
    </>
  );
}
