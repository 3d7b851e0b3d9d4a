import { App, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { publicityContract, publicityResolveSchema, type StaffObjection } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { maxLengthOf, schemaRule } from '../../../components/schemaRule';

const REPLY = publicityResolveSchema.shape.reply;

/** Upheld or dismissed, with the reply that is published on the notice. */
export function ResolveModal({
  target,
  onClose,
  onResolved,
}: {
  target: StaffObjection | null;
  onClose: () => void;
  onResolved: (o: StaffObjection) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'dismissed'; reply: string }>();
  const submit = async () => {
    if (!target) return;
    const v = await validated(form);
    if (!v) return;
    try {
      const done = await call(publicityContract.routes.resolve, {
        params: { id: target.id },
        body: { outcome: v.outcome, reply: v.reply.trim() },
      });
      onResolved(done);
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };
  return (
    <Modal
      open={!!target}
      title={t('publicity.staff.modalTitle')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'resolve-ok' } as never}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="resolve"
        layout="vertical"
        preserve={false}
        initialValues={{ outcome: 'dismissed' }}
      >
        <Form.Item name="outcome" label={t('publicity.staff.outcome')}>
          <Radio.Group data-testid="resolve-outcome">
            <Radio value="dismissed">{t('publicity.staff.dismissed')}</Radio>
            <Radio value="upheld">{t('publicity.staff.upheld')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="reply"
          label={t('publicity.staff.reply')}
          rules={[
            { required: true, whitespace: true, message: t('publicity.staff.replyRule') },
            schemaRule(REPLY, t, t('publicity.staff.replyRule')),
          ]}
        >
          <Input.TextArea rows={4} maxLength={maxLengthOf(REPLY)} showCount data-testid="resolve-reply" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
