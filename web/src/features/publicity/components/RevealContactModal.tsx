import { App, Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { contactRevealSchema, publicityContract } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { maxLengthOf, schemaRule } from '../../../components/schemaRule';

const REASON = contactRevealSchema.shape.reason;

/** Asks why, then fetches the objector's contact in full (pii:view; the server audits it). */
export function RevealContactModal({
  objectionId,
  onClose,
  onRevealed,
}: {
  objectionId: number | null;
  onClose: () => void;
  onRevealed: (id: number, contact: string | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async () => {
    if (objectionId === null) return;
    const v = await validated(form);
    if (!v) return;
    try {
      const res = await call(publicityContract.routes.revealContact, {
        params: { id: objectionId },
        body: { reason: v.reason.trim() },
      });
      onRevealed(objectionId, res.contact);
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };
  return (
    <Modal
      open={objectionId !== null}
      title={t('publicity.staff.revealTitle')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('publicity.staff.revealHelp')} style={{ marginBottom: 16 }} />
      <Form form={form} name="reveal-contact" layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('publicity.staff.revealReason')}
          rules={[
            { required: true, whitespace: true, message: t('publicity.staff.revealRule') },
            schemaRule(REASON, t, t('publicity.staff.revealRule')),
          ]}
        >
          <Input.TextArea rows={3} maxLength={maxLengthOf(REASON)} showCount data-testid="reveal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
