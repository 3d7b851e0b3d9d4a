import { useState } from 'react';
import { Alert, Button, Card, Grid, List, Segmented, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { publicityContract, type StaffObjection } from '@fivestar/common';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { Masked } from '../../../components/Masked';
import { nextPaging, PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { formatDay, formatInstant, STATUS_COLOR } from '../components/format';
import { ResolveModal } from '../components/ResolveModal';
import { RevealContactModal } from '../components/RevealContactModal';

type Filter = 'open' | 'resolved' | 'all';

/** 公示异议: the objections to the notices of the caller's units; answer each, upheld or dismissed. */
export default function ObjectionsPage() {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const me = useMe();
  const canReveal = (me.permissions as string[]).includes('pii:view');
  const [filter, setFilter] = useState<Filter>('open');
  const { paging, setPaging, firstPage } = usePaging(20);
  const result = useApiQuery(publicityContract.routes.objections, {
    query: { ...(filter === 'all' ? {} : { status: filter }), ...paging },
  });
  const openCount = useApiQuery(publicityContract.routes.objections, {
    query: { status: 'open', page: 1, pageSize: 1 },
  });
  const [resolving, setResolving] = useState<StaffObjection | null>(null);
  const [revealing, setRevealing] = useState<number | null>(null);
  const [revealed, setRevealed] = useState<Record<number, string | null>>({});
  const [done, setDone] = useState<{ text: string; key: number; counts: boolean } | null>(null);

  const target = (o: StaffObjection) => o.itemLabel ?? t('publicity.public.whole');
  const contact = (o: StaffObjection) => (
    <Space size={4}>
      <Masked value={o.id in revealed ? revealed[o.id] : o.contact} />
      {canReveal && o.contact && !(o.id in revealed) && (
        <Button size="small" type="link" data-testid="reveal-contact" onClick={() => setRevealing(o.id)}>
          {t('publicity.staff.reveal')}
        </Button>
      )}
    </Space>
  );
  const resolveButton = (o: StaffObjection) => (
    <Button type="primary" size="small" data-testid="resolve" onClick={() => setResolving(o)}>
      {t('publicity.staff.resolve')}
    </Button>
  );
  const columns: TableColumnsType<StaffObjection> = [
    {
      title: t('publicity.staff.col.notice'),
      key: 'notice',
      width: 250,
      render: (_v, o) => <NoticeCell o={o} />,
    },
    { title: t('publicity.staff.col.target'), key: 'target', width: 110, render: (_v, o) => target(o) },
    {
      title: t('publicity.staff.col.reason'),
      dataIndex: 'reason',
      render: (v: string) => <div style={{ maxWidth: 280, whiteSpace: 'pre-line' }}>{v}</div>,
    },
    {
      title: t('publicity.staff.col.contact'),
      key: 'contact',
      render: (_v, o) => contact(o),
    },
    { title: t('publicity.staff.col.at'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
    {
      title: t('publicity.staff.col.status'),
      dataIndex: 'status',
      render: (v: StaffObjection['status']) => (
        <Tag color={STATUS_COLOR[v]}>{t(`publicity.objStatus.${v}`)}</Tag>
      ),
    },
    {
      title: t('publicity.staff.col.action'),
      key: 'action',
      render: (_v, o) => (o.status === 'open' ? resolveButton(o) : <Reply o={o} />),
    },
  ];

  const remaining = openCount.data?.total;
  return (
    <>
      <PageHeader title={t('publicity.staff.title')} subtitle={t('publicity.staff.subtitle')} />
      {done && (
        <Alert
          key={done.key}
          type="success"
          showIcon
          closable
          data-testid="publicity-result"
          title={done.text}
          description={
            !done.counts || remaining === undefined
              ? undefined
              : remaining > 0
                ? t('publicity.staff.remaining', { count: remaining })
                : t('publicity.staff.noneLeft')
          }
          onClose={() => setDone(null)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Card variant="borderless">
        <div className="fs-toolbar">
          <Segmented<Filter>
            value={filter}
            data-testid="objection-filter"
            onChange={(v) => {
              setFilter(v);
              firstPage();
            }}
            options={[
              { value: 'open', label: t('publicity.staff.filter.open') },
              { value: 'resolved', label: t('publicity.staff.filter.resolved') },
              { value: 'all', label: t('publicity.staff.filter.all') },
            ]}
          />
        </div>
        {narrow ? (
          <List
            data-testid="objections-table"
            loading={result.loading}
            dataSource={result.data?.items ?? []}
            locale={{ emptyText: t('publicity.staff.empty') }}
            pagination={
              (result.data?.total ?? 0) > paging.pageSize
                ? {
                    current: paging.page,
                    pageSize: paging.pageSize,
                    total: result.data?.total,
                    onChange: (page, pageSize) => setPaging(nextPaging(paging, page, pageSize)),
                  }
                : false
            }
            renderItem={(o) => (
              <List.Item style={{ display: 'block' }}>
                <NoticeCell o={o} />
                <div style={{ margin: '8px 0 4px' }}>
                  <Tag color={STATUS_COLOR[o.status]}>{t(`publicity.objStatus.${o.status}`)}</Tag>
                  <Typography.Text strong>{target(o)}</Typography.Text>
                </div>
                <div style={{ whiteSpace: 'pre-line' }}>{o.reason}</div>
                <div style={{ marginTop: 4 }}>
                  <Typography.Text type="secondary">{t('publicity.staff.col.contact')}：</Typography.Text>
                  {contact(o)}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatInstant(o.createdAt)}
                </Typography.Text>
                <div style={{ marginTop: 8 }}>{o.status === 'open' ? resolveButton(o) : <Reply o={o} />}</div>
              </List.Item>
            )}
          />
        ) : (
          <PagedTable<StaffObjection>
            testId="objections-table"
            columns={columns}
            result={result}
            paging={paging}
            onPaging={setPaging}
            locale={{ emptyText: t('publicity.staff.empty') }}
          />
        )}
      </Card>
      <ResolveModal
        target={resolving}
        onClose={() => setResolving(null)}
        onResolved={(o) => {
          setDone({
            key: Date.now(),
            counts: true,
            text:
              o.status === 'upheld'
                ? t('publicity.staff.doneUpheld', { target: target(o) })
                : t('publicity.staff.doneDismissed'),
          });
          result.reload();
          openCount.reload();
        }}
      />
      <RevealContactModal
        objectionId={revealing}
        onClose={() => setRevealing(null)}
        onRevealed={(id, contact) => {
          setRevealed((r) => ({ ...r, [id]: contact }));
          setDone({ key: Date.now(), counts: false, text: t('publicity.staff.revealed') });
        }}
      />
    </>
  );
}

/** The notice an objection is about: its title (opens the public page), unit and window. */
function NoticeCell({ o }: { o: StaffObjection }) {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 250 }}>
      <Link to={`/publicity/${o.noticeId}`} target="_blank">
        {o.noticeTitle}
      </Link>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {o.unitName} · {t('publicity.staff.col.window')} {formatDay(o.noticeEndsOn)}{' '}
        </Typography.Text>
        <Tag color={o.noticeStatus === 'open' ? 'purple' : 'default'}>
          {o.noticeStatus === 'open' ? t('publicity.staff.open') : t('publicity.staff.ended')}
        </Tag>
      </div>
    </div>
  );
}

/** The answer on the record: the reply, who gave it and when. */
function Reply({ o }: { o: StaffObjection }) {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 260 }}>
      <div>{o.reply}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('publicity.staff.replyBy', { name: o.resolvedBy ?? '—', at: formatInstant(o.resolvedAt) })}
      </Typography.Text>
    </div>
  );
}
