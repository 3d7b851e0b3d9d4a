import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../../api/errors';
import { session } from '../../../api/session';
import { BrandMark } from '../../../components/BrandMark';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import './login.css';

interface Values {
  username: string;
  password: string;
}

/** Only same-site paths are accepted as the post-login destination. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async ({ username, password }: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(errorText(err, t));
      setSubmitting(false);
    }
  };

  return (
    <div className="fs-login">
      <div className="fs-login-lang">
        <LanguageSwitch size="small" />
      </div>
      <main className="fs-login-main">
        <div className="fs-login-brand">
          <BrandMark size={52} />
          <Typography.Title level={2} className="fs-login-title">
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary" className="fs-login-subtitle">
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Card className="fs-login-card" variant="borderless">
          <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 20 }}>
            {t('auth.signInTitle')}
          </Typography.Title>
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              data-testid="login-error"
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<Values> name="login" layout="vertical" requiredMark={false} onFinish={onFinish} size="large">
            <Form.Item
              name="username"
              label={t('auth.username')}
              rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('auth.password')}
              rules={[{ required: true, message: t('auth.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              {t('auth.signIn')}
            </Button>
          </Form>
        </Card>
        <Link to="/publicity" className="fs-login-public" data-testid="public-notices-link">
          {t('auth.publicNotices')}
        </Link>
        <Typography.Text type="secondary" className="fs-login-foot">
          {t('app.demoNote')}
        </Typography.Text>
      </main>
    </div>
  );
}
