import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { authContract, type Me, type MfaEnrolment } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText } from '../../../api/errors';
import { session, useSessionUser } from '../../../api/session';
import { AuthFrame } from './AuthFrame';

/**
 * Setting up the authenticator app (docs/security.md item 4), where the guard sends a session of a role that needs
 * the second step and has none yet: the QR code and the key as text, the first code to confirm, then the recovery
 * codes, shown this once. Loaded with its route, so the sign-in page stays light.
 */
export default function MfaEnrolPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [form] = Form.useForm<{ code: string }>();
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [done, setDone] = useState<{ me: Me; recoveryCodes: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    call(authContract.routes.mfaEnrol)
      .then(setEnrolment)
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [t]);

  const onFinish = async ({ code }: { code: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      const { recoveryCodes, ...me } = await call(authContract.routes.mfaConfirm, { body: { code } });
      setDone({ me, recoveryCodes });
    } catch (err) {
      if (!applyFieldErrors(form, err)) setError(errorText(err, t));
    }
    setSubmitting(false);
  };

  return (
    <AuthFrame>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {done ? (
        <div data-testid="mfa-recovery">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('auth.mfa.recoveryTitle')}
          </Typography.Title>
          <Alert type="warning" showIcon title={t('auth.mfa.recoveryHelp')} style={{ marginBottom: 16 }} />
          <ol className="fs-mfa-codes" data-testid="mfa-recovery-codes">
            {done.recoveryCodes.map((c) => (
              <li key={c}>
                <Typography.Text code copyable>
                  {c}
                </Typography.Text>
              </li>
            ))}
          </ol>
          <Button type="primary" block onClick={() => session.set(done.me)} data-testid="mfa-recovery-done">
            {t('auth.mfa.recoveryDone')}
          </Button>
        </div>
      ) : (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="mfa-enrol-title">
            {t('auth.mfa.enrolTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('auth.mfa.enrolHelp')}</Typography.Paragraph>
          {user && (
            <Typography.Paragraph type="secondary">
              {t('auth.username')}: {user.username}
            </Typography.Paragraph>
          )}
          {enrolment && (
            <>
              <img
                className="fs-mfa-qr"
                alt={enrolment.uri}
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
                data-testid="mfa-qr"
              />
              <Typography.Paragraph>
                {t('auth.mfa.secret')}:{' '}
                <Typography.Text code copyable data-testid="mfa-secret">
                  {enrolment.secret}
                </Typography.Text>
              </Typography.Paragraph>
              <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
                <Form.Item
                  name="code"
                  label={t('auth.mfa.enrolCode')}
                  rules={[
                    { required: true, pattern: /^\s*\d{6}\s*$/, message: t('auth.mfa.enrolCodeRequired') },
                  ]}
                >
                  <Input
                    autoComplete="one-time-code"
                    inputMode="numeric"
                    maxLength={6}
                    data-testid="mfa-enrol-code"
                  />
                </Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  block
                  loading={submitting}
                  data-testid="mfa-enrol-confirm"
                >
                  {t('auth.mfa.confirm')}
                </Button>
              </Form>
            </>
          )}
        </>
      )}
    </AuthFrame>
  );
}
