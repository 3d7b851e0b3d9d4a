import { App, Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { personsContract, revealSchema } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { maxLengthOf, schemaRule } from '../../../components/schemaRule';

export type RevealField = 'idNumber' | 'phone';

const REASON = revealSchema.shape.reason;

export interface RevealTarget {
  personId: number;
  personName: string;
  field: RevealField;
}

interface Props {
  target: RevealTarget | null;
  onClose: () => void;
  onRevealed: (target: RevealTarget, value: string | null) => void;
}

/** Asks for a reason, then fetches one unmasked value (pii:view; the server audits it). */
export function RevealModal({ target, onClose, onRevealed }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();

  const submit = async () => {
    if (!target) return;
    const values = await validated(form);
    if (!values) return;
    const { reason } = values;
    try {
      const res = await call(personsContract.routes.reveal, {
        params: { id: target.personId },
        body: { field: target.field, reason: reason.trim() },
      });
      onRevealed(target, res.value);
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  const fieldName = target ? t(`persons.${target.field}`) : '';
  return (
    <Modal
      open={!!target}
      title={`${t('persons.revealTitle', { field: fieldName })} · ${target?.personName ?? ''}`}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('persons.revealHelp')} style={{ marginBottom: 16 }} />
      <Form form={form} name="reveal" layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('persons.revealReason')}
          rules={[
            { required: true, whitespace: true, message: t('persons.reasonMin') },
            schemaRule(REASON, t, t('persons.reasonMin')),
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={maxLengthOf(REASON)}
            showCount
            placeholder={t('persons.revealReasonPlaceholder')}
            data-testid="reveal-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
