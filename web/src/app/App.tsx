import { useEffect } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { setUnauthenticatedHandler } from '../api/client';
import { session } from '../api/session';
import { createRouter } from './router';
import { theme } from './theme';

const router = createRouter();

export function App() {
  const { i18n, t } = useTranslation();

  useEffect(() => {
    // A 401 on any request (session idle > 30 min, or signed out elsewhere): forget the user;
    // RequireAuth then sends them to sign-in and back here afterwards.
    setUnauthenticatedHandler(() => session.set(null));
  }, []);

  useEffect(() => {
    document.title = t('app.name');
  }, [t, i18n.language]);

  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}
