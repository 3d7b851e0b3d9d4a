import { useState } from 'react';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { authContract } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText } from '../../../api/errors';
import { session, useSessionUser } from '../../../api/session';
import { NewPasswordFields } from '../../../components/NewPasswordFields';
import { AuthFrame } from './AuthFrame';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Where a user whose password expired (or was reset by an administrator) is sent: the server answers every other
 * route with 403 `password_expired` until the password is changed here.
 */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const user = useSessionUser();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await call(authContract.routes.changePassword, {
        body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      await session.load();
      message.success(t('auth.passwordChanged'));
      await navigate('/', { replace: true });
    } catch (err) {
      if (!applyFieldErrors(form, err)) setError(errorText(err, t));
      setSubmitting(false);
    }
  };

  const signOut = async () => {
    await session.logout();
    await navigate('/login', { replace: true });
    session.set(null);
  };

  return (
    <AuthFrame>
      <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="must-change-title">
        {t('auth.mustChangeTitle')}
      </Typography.Title>
      <Alert
        type="warning"
        showIcon
        title={t('auth.mustChangeMessage')}
        data-testid="must-change-message"
        style={{ marginBottom: 16 }}
      />
      {user && (
        <Typography.Paragraph type="secondary">
          {t('auth.username')}: {user.username}
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        name="must-change-password"
        layout="vertical"
        requiredMark={false}
        autoComplete="off"
        onFinish={onFinish}
      >
        <Form.Item
          name="currentPassword"
          label={t('auth.currentPassword')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" label={t('auth.newPassword')} />
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="change-submit">
          {t('auth.mustChangeSubmit')}
        </Button>
        <Button type="link" block onClick={() => void signOut()} style={{ marginTop: 8 }}>
          {t('auth.signOut')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
