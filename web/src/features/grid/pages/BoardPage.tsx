import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  chinaDate,
  EVENT_STATUSES,
  GRID_ACTIONS,
  type DuplicateHint,
  type EventDetail,
  type EventSummary,
  type GridAction,
  type GridSummary,
  type MediationStep,
} from '@fivestar/common';
import { api, type Page } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';

const STATUS_COLOR: Record<string, string> = {
  reported: 'gold',
  accepted: 'cyan',
  dispatched: 'blue',
  in_handling: 'geekblue',
  replied: 'purple',
  verified: 'lime',
  closed: 'green',
  returned: 'orange',
  recalled: 'default',
  escalated: 'magenta',
  invalid: 'default',
};
const SUPERVISION_COLOR = { normal: 'default', yellow: 'gold', red: 'red' } as const;

const today = () => chinaDate(Date.now());

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="status-tag">
      {t(`grid.status.${status}` as 'grid.status.reported')}
    </Tag>
  );
}

/** The township grid centre's board: the figures, the list with filters, and each report's detail and actions. */
export function BoardPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<{ status?: string[]; class?: string; supervision?: string }>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<number | null>(null);
  const year = today().slice(0, 4);
  const list = useApiQuery<Page<EventSummary>>('/grid/events', {
    ...paging,
    status: filters.status?.join(','),
    class: filters.class,
    supervision: filters.supervision,
    sort: '-reportedAt',
  });
  const summary = useApiQuery<GridSummary>('/grid/summary', { from: `${year}-01-01`, to: today() });
  const overdue = useApiQuery<EventSummary[]>('/grid/events/overdue');
  const reminders =
    useApiQuery<{ eventId: number; code: string; level: 'yellow' | 'red' | 'normal' }[]>('/grid/reminders');
  const red = reminders.data?.filter((r) => r.level === 'red') ?? [];
  const yellow = reminders.data?.filter((r) => r.level === 'yellow') ?? [];

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
    { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
    {
      title: t('grid.filters.supervision'),
      dataIndex: 'supervision',
      render: (s: 'normal' | 'yellow' | 'red') =>
        s === 'normal' ? '—' : <Tag color={SUPERVISION_COLOR[s]}>{t(`grid.supervision.${s}`)}</Tag>,
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
  return (
    <>
      <div className="fs-events-stats">
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.summary.total')} value={s?.total ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.summary.events')} value={s?.byClass.event ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.summary.disputes')} value={s?.byClass.dispute ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic title={t('grid.summary.disputesClosed')} value={s?.disputesClosed ?? '—'} />
        </Card>
        <Card size="small" variant="borderless">
          <Statistic
            title={t('grid.summary.onTimeRate')}
            value={s?.onTimeRate === null || s === undefined ? '—' : (s.onTimeRate * 100).toFixed(1)}
            suffix={s?.onTimeRate !== null && s ? '%' : undefined}
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
          <Select
            mode="multiple"
            allowClear
            placeholder={t('grid.filters.status')}
            style={{ minWidth: 220 }}
            value={filters.status}
            onChange={(v) => {
              setFilters((f) => ({ ...f, status: v }));
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={EVENT_STATUSES.map((x) => ({ value: x, label: t(`grid.status.${x}`) }))}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder={t('grid.filters.class')}
            style={{ width: 120 }}
            value={filters.class}
            onChange={(v) => setFilters((f) => ({ ...f, class: v }))}
            options={[
              { value: 'event', label: t('grid.class.event') },
              { value: 'dispute', label: t('grid.class.dispute') },
            ]}
          />
          <Select
            allowClear
            placeholder={t('grid.filters.supervision')}
            style={{ width: 140 }}
            value={filters.supervision}
            onChange={(v) => setFilters((f) => ({ ...f, supervision: v }))}
            options={(['normal', 'yellow', 'red'] as const).map((x) => ({
              value: x,
              label: t(`grid.supervision.${x}`),
            }))}
          />
        </Space>
        {list.error && (
          <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 12 }} />
        )}
        <Table<EventSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ onDoubleClick: () => setOpenId(r.id) })}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total,
            showSizeChanger: true,
            showTotal: (n) => t('common.total', { count: n }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
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

interface ActionForm {
  reason?: string;
  handlerUnitId?: number;
  handlerDept?: string;
  escalateTo?: 'township' | 'county';
  level?: 'normal' | 'yellow' | 'red';
  days?: number;
  mediatorName?: string;
  agreement?: string;
  referredTo?: string;
}

const MEDIATION_NEXT: Record<string, MediationStep[]> = {
  none: ['start'],
  mediating: ['session', 'agreement', 'referral'],
  agreement: ['follow_up'],
  referred: ['follow_up'],
  followed_up: ['archive'],
  archived: [],
};

/** One report: facts, photos, history, and the actions the caller may take in its state. */
export function EventDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const detail = useApiQuery<EventDetail>(id ? `/grid/events/${id}` : null);
  const [hints, setHints] = useState<DuplicateHint[]>([]);
  const dd = detail.data;
  const mayReport = can('grid:report');
  useEffect(() => {
    setHints([]);
    if (!dd || !mayReport || ['closed', 'recalled', 'invalid'].includes(dd.status)) return;
    let live = true;
    api
      .post<DuplicateHint[]>('/grid/duplicates', {
        class: dd.class,
        typeCode: dd.typeCode,
        unitId: dd.unitId,
        ...(dd.lat !== null && dd.lng !== null ? { lat: dd.lat, lng: dd.lng } : {}),
      })
      .then(
        (h) => live && setHints(h.filter((x) => x.id !== dd.id)),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [dd, mayReport]);
  const merge = async (intoId: number) => {
    if (!id) return;
    try {
      await api.post(`/grid/events/${id}/merge`, { intoId });
      detail.reload();
      onChanged();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const [pending, setPending] = useState<
    { kind: 'action'; action: GridAction } | { kind: 'mediation'; step: MediationStep } | null
  >(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActionForm>();
  const d = detail.data;

  const actions = (d?.allowedActions ?? []).filter((a): a is GridAction => {
    const rule = GRID_ACTIONS[a as GridAction];
    return !!rule && can(rule.permission);
  });
  const mediationSteps =
    d?.mediation && can('grid:handle') && !['reported', 'closed', 'recalled', 'invalid'].includes(d.status)
      ? (MEDIATION_NEXT[d.mediation.status] ?? [])
      : [];

  const run = async () => {
    if (!pending || !id) return;
    const v = form.getFieldsValue();
    setBusy(true);
    try {
      if (pending.kind === 'action') {
        await api.post(`/grid/events/${id}/${pending.action}`, {
          ...(v.reason ? { reason: v.reason } : {}),
          ...(v.handlerUnitId ? { handlerUnitId: v.handlerUnitId } : {}),
          ...(v.handlerDept ? { handlerDept: v.handlerDept } : {}),
          ...(v.escalateTo ? { escalateTo: v.escalateTo } : {}),
          ...(v.level ? { level: v.level } : {}),
          ...(v.days ? { days: v.days } : {}),
        });
      } else {
        await api.post(`/grid/events/${id}/mediation`, {
          step: pending.step,
          ...(v.reason ? { note: v.reason } : {}),
          ...(v.mediatorName ? { mediatorName: v.mediatorName } : {}),
          ...(v.agreement ? { agreement: v.agreement } : {}),
          ...(v.referredTo ? { referredTo: v.referredTo } : {}),
        });
      }
      setPending(null);
      form.resetFields();
      detail.reload();
      onChanged();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const act = pending?.kind === 'action' ? pending.action : null;
  const step = pending?.kind === 'mediation' ? pending.step : null;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={560}
      title={d ? `${d.code} · ${d.typeName}` : ''}
      destroyOnHidden
    >
      {detail.error && <Alert type="error" showIcon title={errorText(detail.error, t)} />}
      {d && (
        <>
          <Space wrap style={{ marginBottom: 12 }} data-testid="event-actions">
            <StatusTag status={d.status} />
            {d.supervision !== 'normal' && (
              <Tag color={SUPERVISION_COLOR[d.supervision]}>{t(`grid.supervision.${d.supervision}`)}</Tag>
            )}
            {actions.map((a) => (
              <Button
                key={a}
                size="small"
                type={['accept', 'dispatch', 'reply', 'verify', 'close'].includes(a) ? 'primary' : 'default'}
                data-testid={`action-${a}`}
                onClick={() => setPending({ kind: 'action', action: a })}
              >
                {t(`grid.action.${a}`)}
              </Button>
            ))}
            {mediationSteps.map((m) => (
              <Button
                key={m}
                size="small"
                data-testid={`mediation-${m}`}
                onClick={() => setPending({ kind: 'mediation', step: m })}
              >
                {t(`grid.mediation.${m}`)}
              </Button>
            ))}
          </Space>
          {hints.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="duplicate-hints"
              title={t('grid.duplicates', { codes: hints.map((h) => h.code).join('、') })}
              description={
                can('grid:dispatch') && (
                  <Space wrap size={4}>
                    {hints.map((h) => (
                      <Button key={h.id} size="small" onClick={() => void merge(h.id)}>
                        {t('grid.mergeInto', { code: h.code })}
                      </Button>
                    ))}
                  </Space>
                )
              }
            />
          )}
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('grid.unit')}>{d.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('grid.place')}>{d.place}</Descriptions.Item>
            <Descriptions.Item label={t('grid.description')}>{d.description}</Descriptions.Item>
            <Descriptions.Item label={t('grid.reporter')}>{d.reporterName}</Descriptions.Item>
            <Descriptions.Item label={t('grid.reportedAt')}>{formatDateTime(d.reportedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('grid.dueAt')}>{formatDateTime(d.dueAt)}</Descriptions.Item>
            {(d.handlerUnitName || d.handlerDept) && (
              <Descriptions.Item label={t('grid.handler')}>
                {d.handlerUnitName ?? d.handlerDept}
              </Descriptions.Item>
            )}
            {d.parties.length > 0 && (
              <Descriptions.Item label={t('grid.parties')}>
                {d.parties.map((p) => [p.name, p.idNumber, p.phone].filter(Boolean).join(' ')).join('；')}
              </Descriptions.Item>
            )}
            {d.mediation && (
              <Descriptions.Item label={t('grid.mediation.title')}>
                {t(`grid.mediation.status.${d.mediation.status}`)}
                {d.mediation.mediatorName ? ` · ${d.mediation.mediatorName}` : ''}
                {d.mediation.sessions ? ` · ${t('grid.mediation.sessions')} ${d.mediation.sessions}` : ''}
              </Descriptions.Item>
            )}
          </Descriptions>
          {d.photoIds.length > 0 && (
            <div className="fs-photo-strip" style={{ marginTop: 12 }}>
              {d.photoIds.map((p) => (
                <img key={p} src={`/api/grid/attachments/${p}`} alt="" />
              ))}
            </div>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('grid.timeline')}
          </Typography.Title>
          <Timeline
            items={d.log.map((l) => ({
              content: (
                <>
                  <strong>
                    {l.action in GRID_ACTIONS
                      ? t(`grid.action.${l.action as GridAction}`)
                      : t(`grid.log.${l.action}` as 'grid.log.report', { defaultValue: l.action })}
                  </strong>{' '}
                  <Typography.Text type="secondary">
                    {l.actorName} · {formatDateTime(l.at)}
                  </Typography.Text>
                  {l.reason && <div>{l.reason}</div>}
                  {l.attachmentIds.length > 0 && (
                    <div className="fs-photo-strip">
                      {l.attachmentIds.map((p) => (
                        <img key={p} src={`/api/grid/attachments/${p}`} alt="" />
                      ))}
                    </div>
                  )}
                </>
              ),
            }))}
          />
        </>
      )}
      <Modal
        open={pending !== null}
        title={act ? t(`grid.action.${act}`) : step ? t(`grid.mediation.${step}`) : ''}
        onCancel={() => setPending(null)}
        onOk={() => void run()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'action-confirm' } as Record<string, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {act === 'dispatch' && (
            <>
              <Form.Item name="handlerUnitId" label={t('grid.handlerUnit')} initialValue={d?.unitId}>
                <UnitTreeSelect valueName={d?.unitName} />
              </Form.Item>
              <Form.Item name="handlerDept" label={t('grid.handlerDept')}>
                <Input maxLength={60} />
              </Form.Item>
            </>
          )}
          {act === 'escalate' && (
            <Form.Item name="escalateTo" label={t('grid.escalateTo')} initialValue="county">
              <Select
                options={[
                  { value: 'township', label: t('grid.township') },
                  { value: 'county', label: t('grid.county') },
                ]}
              />
            </Form.Item>
          )}
          {act === 'supervise' && (
            <Form.Item name="level" label={t('grid.level')} initialValue="yellow">
              <Select
                options={(['normal', 'yellow', 'red'] as const).map((x) => ({
                  value: x,
                  label: t(`grid.supervision.${x}`),
                }))}
              />
            </Form.Item>
          )}
          {act === 'extend' && (
            <Form.Item name="days" label={t('grid.days')} initialValue={3}>
              <InputNumber min={1} max={90} />
            </Form.Item>
          )}
          {step === 'start' && (
            <Form.Item name="mediatorName" label={t('grid.mediation.mediator')}>
              <Input maxLength={40} />
            </Form.Item>
          )}
          {step === 'agreement' && (
            <Form.Item name="agreement" label={t('grid.mediation.agreement')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {step === 'referral' && (
            <Form.Item name="referredTo" label={t('grid.mediation.referral')}>
              <Input maxLength={60} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('grid.reason')}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="action-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
