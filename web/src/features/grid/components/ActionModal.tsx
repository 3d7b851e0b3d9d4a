import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Select } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  ESCALATION_LEVELS,
  gridContract,
  SUPERVISION_LEVELS,
  type EscalationLevel,
  type EventDetail,
  type GridAction,
  type MediationStep,
  type SupervisionLevel,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText } from '../../../api/errors';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { readPhoto } from '../offline/outbox';
import { actionDoneText } from './actionMessages';

/** What the modal is for: a workflow action or a mediation step. */
export type PendingStep = { kind: 'action'; action: GridAction } | { kind: 'mediation'; step: MediationStep };

interface StepForm {
  reason?: string;
  handlerUnitId?: number;
  handlerDept?: string;
  escalateTo?: EscalationLevel;
  level?: SupervisionLevel;
  days?: number;
  mediatorName?: string;
  agreement?: string;
  referredTo?: string;
}

/** Takes one step on a report: the fields the step needs, a reason or note, then the call. */
export function ActionModal({
  event,
  pending,
  onClose,
  onDone,
}: {
  event: EventDetail;
  pending: PendingStep | null;
  onClose: () => void;
  onDone: (updated: EventDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  // A reply may carry photos of the result: uploaded when picked, sent as the step's attachments.
  const [photos, setPhotos] = useState<{ id: number; url: string }[]>([]);
  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    try {
      for (const file of [...files].slice(0, 9 - photos.length)) {
        const photo = await readPhoto(file);
        const saved = await call(gridContract.routes.uploadPhoto, { body: photo });
        setPhotos((p) => [...p, { id: saved.id, url: `data:${photo.contentType};base64,${photo.data}` }]);
      }
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const [form] = Form.useForm<StepForm>();
  const act = pending?.kind === 'action' ? pending.action : null;
  const step = pending?.kind === 'mediation' ? pending.step : null;
  const params = { id: event.id };

  const run = async () => {
    const v = form.getFieldsValue();
    const given = <K extends keyof StepForm>(...keys: K[]) =>
      Object.fromEntries(keys.filter((k) => v[k]).map((k) => [k, v[k]])) as Pick<StepForm, K>;
    setBusy(true);
    try {
      let updated: EventDetail;
      if (act) {
        updated = await call(gridContract.routes[act], {
          params,
          body: {
            ...given('reason', 'handlerUnitId', 'handlerDept', 'escalateTo', 'level', 'days'),
            ...(photos.length ? { attachmentIds: photos.map((p) => p.id) } : {}),
          },
        });
        message.success(actionDoneText(t, act, updated), 6);
      } else if (step) {
        updated = await call(gridContract.routes.mediate, {
          params,
          body: {
            step,
            ...(v.reason ? { note: v.reason } : {}),
            ...given('mediatorName', 'agreement', 'referredTo'),
          },
        });
        message.success(
          t('grid.board.done.mediation', { code: event.code, step: t(`grid.mediation.${step}`) }),
          6,
        );
      } else return;
      form.resetFields();
      setPhotos([]);
      onDone(updated);
    } catch (err) {
      // A field the server names (e.g. an empty reply) is marked on the form; the message says what to fix.
      applyFieldErrors(form, err);
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={pending !== null}
      title={act ? t(`grid.action.${act}`) : step ? t(`grid.mediation.${step}`) : ''}
      onCancel={() => {
        setPhotos([]);
        onClose();
      }}
      onOk={() => void run()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'action-confirm' } as Record<string, string>}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {act === 'dispatch' && (
          <>
            <Form.Item name="handlerUnitId" label={t('grid.handlerUnit')} initialValue={event.unitId}>
              <UnitTreeSelect valueName={event.unitName} />
            </Form.Item>
            <Form.Item name="handlerDept" label={t('grid.handlerDept')}>
              <Input maxLength={60} />
            </Form.Item>
          </>
        )}
        {act === 'escalate' && (
          <Form.Item name="escalateTo" label={t('grid.escalateTo')} initialValue="county">
            <Select options={ESCALATION_LEVELS.map((x) => ({ value: x, label: t(`grid.${x}`) }))} />
          </Form.Item>
        )}
        {act === 'supervise' && (
          <Form.Item name="level" label={t('grid.level')} initialValue="yellow">
            <Select
              options={SUPERVISION_LEVELS.map((x) => ({ value: x, label: t(`grid.supervision.${x}`) }))}
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
        <Form.Item name="reason" label={t('grid.reason')} initialValue="">
          <Input.TextArea rows={3} maxLength={2000} data-testid="action-reason" />
        </Form.Item>
        {act === 'reply' && (
          <Form.Item label={t('grid.board.replyPhoto')}>
            <div className="fs-photo-strip">
              {photos.map((p) => (
                <img key={p.id} src={p.url} alt="" />
              ))}
              <Button
                icon={<CameraOutlined />}
                onClick={() => document.getElementById('reply-photo')?.click()}
              >
                {t('grid.board.addPhoto')}
              </Button>
              <input
                id="reply-photo"
                data-testid="reply-photo"
                type="file"
                accept="image/*"
                multiple
                hidden
                onChange={(e) => {
                  void addPhotos(e.target.files);
                  e.target.value = '';
                }}
              />
            </div>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
