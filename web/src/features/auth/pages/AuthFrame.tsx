import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../../components/BrandMark';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import './login.css';

/** The frame of the signed-in steps before the app (changing a given password, setting up the authenticator). */
export function AuthFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
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
        </div>
        <Card className="fs-login-card" variant="borderless">
          {children}
        </Card>
      </main>
    </div>
  );
}
