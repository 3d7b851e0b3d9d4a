import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { createRouter } from './router';

const router = createRouter();

/** The app: the router. antd's theme (app/Frame.tsx) and the signed-in shell load with the routes that use them. */
export function App() {
  const { i18n, t } = useTranslation();

  useEffect(() => {
    document.title = t('app.name');
  }, [t, i18n.language]);

  return <RouterProvider router={router} />;
}
