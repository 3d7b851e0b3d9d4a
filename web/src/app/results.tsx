import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';

export function FullPageSpin() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
      <Spin size="large" />
    </div>
  );
}

export function NoPermission() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      data-testid="no-permission"
      title={t('result.noPermissionTitle')}
      subTitle={t('result.noPermission')}
      extra={
        <Link to="/">
          <Button type="primary">{t('result.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('result.notFoundTitle')}
      subTitle={t('result.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('result.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** Router error boundary: a failed lazy chunk or a render error. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (error) console.error(error);
  return (
    <Result
      status="error"
      title={t('result.crashTitle')}
      subTitle={t('result.crash')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('result.reload')}
        </Button>
      }
    />
  );
}
