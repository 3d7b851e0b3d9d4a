import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  awaitsReplyFrom,
  GRID_ACTIONS,
  gridContract,
  mediationOpen,
  mediationSteps,
  TERMINAL_STATUSES,
  type DuplicateHint,
  type GridAction,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan, useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { ActionModal, type PendingStep } from './ActionModal';
import { EventTimeline } from './EventTimeline';
import { PhotoStrip } from './PhotoStrip';
import { StatusTag } from './StatusTag';
import { SupervisionTag } from './SupervisionTag';

const { routes } = gridContract;
/** The steps forward, shown as primary buttons. */
const MAIN_ACTIONS: readonly GridAction[] = ['accept', 'dispatch', 'reply', 'verify', 'close'];

/** One report: facts, photos, history, possible duplicates, and the steps the caller may take in its state. */
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
  const { message, modal } = App.useApp();
  const can = useCan();
  const me = useMe();
  const detail = useApiQuery(id ? routes.event : null, { params: { id: id ?? 0 } });
  const [hints, setHints] = useState<DuplicateHint[]>([]);
  const [pending, setPending] = useState<PendingStep | null>(null);
  const d = detail.data;
  const mayReport = can('grid:report');

  // Open reports of the same kind nearby, which the centre may merge this one into.
  useEffect(() => {
    setHints([]);
    if (!d || !mayReport || TERMINAL_STATUSES.includes(d.status)) return;
    let live = true;
    const body = {
      class: d.class,
      typeCode: d.typeCode,
      unitId: d.unitId,
      ...(d.lat !== null && d.lng !== null ? { lat: d.lat, lng: d.lng } : {}),
    };
    call(routes.duplicates, { body }).then(
      (h) => live && setHints(h.filter((x) => x.id !== d.id)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [d, mayReport]);

  const changed = () => {
    detail.reload();
    onChanged();
  };
  // Merging voids this report: asked first, then said what happened and where the work goes on.
  const merge = (into: DuplicateHint) => {
    if (!id || !d) return;
    const names = { code: d.code, into: into.code };
    modal.confirm({
      title: t('grid.board.merge.title'),
      content: t('grid.board.merge.content', names),
      okText: t('grid.board.merge.ok'),
      okButtonProps: { danger: true, 'data-testid': 'merge-confirm' } as { danger: boolean },
      onOk: async () => {
        try {
          await call(routes.merge, { params: { id }, body: { intoId: into.id } });
          message.success(t('grid.board.merge.done', names), 6);
          changed();
        } catch (err) {
          message.error(errorText(err, t));
        }
      },
    });
  };

  const actions = (d?.allowedActions ?? []).filter(
    (a): a is GridAction => a in GRID_ACTIONS && can(GRID_ACTIONS[a as GridAction].permission),
  );
  const steps =
    d?.mediation && can('grid:handle') && mediationOpen(d.status) ? mediationSteps(d.mediation.status) : [];

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
            <SupervisionTag level={d.supervision} />
            {actions.map((a) => (
              <Button
                key={a}
                size="small"
                type={MAIN_ACTIONS.includes(a) ? 'primary' : 'default'}
                data-testid={`action-${a}`}
                onClick={() => setPending({ kind: 'action', action: a })}
              >
                {t(`grid.action.${a}`)}
              </Button>
            ))}
            {steps.map((m) => (
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
          {can('grid:handle') && awaitsReplyFrom(d, me.unit.id) && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="awaiting-me"
              title={t('grid.board.awaitingAlert')}
            />
          )}
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
                      <Button key={h.id} size="small" onClick={() => merge(h)}>
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
          <PhotoStrip ids={d.photoIds} style={{ marginTop: 12 }} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('grid.timeline')}
          </Typography.Title>
          <EventTimeline log={d.log} />
          <ActionModal
            event={d}
            pending={pending}
            onClose={() => setPending(null)}
            onDone={() => {
              setPending(null);
              changed();
            }}
          />
        </>
      )}
    </Drawer>
  );
}
