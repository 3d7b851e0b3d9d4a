import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { theme } from './theme';

/** antd's theme, locale and message/modal context around every page drawn with antd (all but sign-in). */
export function Frame() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}
