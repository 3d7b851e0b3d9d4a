import { App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { usersContract, type User } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { NewPasswordFields } from '../../../components/NewPasswordFields';

interface Values {
  password: string;
  confirm: string;
}

/** Sets a new password for another user (user:admin). */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();

  const submit = async () => {
    if (!user) return;
    const values = await validated(form);
    if (!values) return;
    const { password } = values;
    try {
      await call(usersContract.routes.resetPassword, { params: { id: user.id }, body: { password } });
      message.success(t('users.resetDone'));
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  return (
    <Modal
      open={!!user}
      title={t('users.resetPasswordTitle', { name: user?.displayName ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} name="reset-password" layout="vertical" autoComplete="off" preserve={false}>
        <NewPasswordFields name="password" label={t('auth.newPassword')} />
      </Form>
    </Modal>
  );
}
