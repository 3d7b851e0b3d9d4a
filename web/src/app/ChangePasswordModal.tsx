import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { authContract } from '@fivestar/common';
import { call } from '../api/client';
import { applyFieldErrors, errorText, validated } from '../api/errors';
import { NewPasswordFields } from '../components/NewPasswordFields';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();

  const submit = async () => {
    const values = await validated(form);
    if (!values) return;
    try {
      await call(authContract.routes.changePassword, {
        body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      message.success(t('auth.passwordChanged'));
      form.resetFields();
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  return (
    <Modal
      open={open}
      title={t('auth.changePassword')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} name="change-password" layout="vertical" requiredMark={false} autoComplete="off">
        <Form.Item
          name="currentPassword"
          label={t('auth.currentPassword')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" label={t('auth.newPassword')} />
      </Form>
    </Modal>
  );
}
