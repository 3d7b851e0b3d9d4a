import { useEffect } from 'react';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Permission } from '@fivestar/common';
import { errorText } from '../api/errors';
import { useSessionLoad, useSessionUser } from '../api/session';
import { FullPageSpin, NoPermission } from './results';

/** Loads /api/me once; sends a signed-out visitor to /login?next=…, a session owing its second step to the code
 * step or to /mfa/enrol, and a user whose password must be changed (expired, or reset by an administrator) to
 * /change-password, the only page the server then serves them. */
export function RequireAuth({ children }: { children?: React.ReactNode }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const location = useLocation();
  const { failure, retry } = useSessionLoad();

  const navigate = useNavigate();

  // Signed out (never signed in, session expired, or signed out in another tab): go to sign-in, then come back.
  // An explicit effect keyed on the location: <Navigate> did not fire again after history.back() into the app.
  useEffect(() => {
    if (user !== null) return;
    const next = location.pathname + location.search;
    void navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { replace: true });
  }, [user, location, navigate]);

  // A session that owes its second step (docs/security.md item 4): the code on the sign-in page, or setting up the
  // authenticator app on /mfa/enrol; the server answers nothing else meanwhile.
  const mfa = user?.mfa ?? null;
  const onEnrolPage = location.pathname === '/mfa/enrol';
  useEffect(() => {
    if (!user) return;
    const here = location.pathname + location.search;
    const next = onEnrolPage ? (new URLSearchParams(location.search).get('next') ?? '/') : here;
    if (!mfa) {
      if (onEnrolPage)
        void navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
      return;
    }
    const to = mfa === 'verify' ? '/login?mfa=verify&' : '/mfa/enrol?';
    if (mfa === 'verify' || !onEnrolPage)
      void navigate(`${to}next=${encodeURIComponent(next)}`, { replace: true });
  }, [user, mfa, onEnrolPage, location, navigate]);

  const mustChange = !!user?.mustChangePassword && !mfa;
  const onChangePage = location.pathname === '/change-password';
  useEffect(() => {
    if (mfa) return;
    if (mustChange && !onChangePage) void navigate('/change-password', { replace: true });
    if (!mustChange && user && onChangePage) void navigate('/', { replace: true });
  }, [mfa, mustChange, onChangePage, user, navigate]);

  if (user === null) return null;
  if (mfa) {
    if (mfa === 'verify' || !onEnrolPage) return null;
  } else if (onEnrolPage) {
    return null;
  } else if (user && mustChange !== onChangePage) return null;
  if (user === undefined) {
    if (failure) {
      return (
        <Result
          status="warning"
          title={t('common.loadFailed')}
          subTitle={errorText(failure, t)}
          extra={
            <Button type="primary" onClick={retry}>
              {t('common.retry')}
            </Button>
          }
        />
      );
    }
    return <FullPageSpin />;
  }
  return <>{children ?? <Outlet />}</>;
}

/** Renders the child routes only for roles holding `permission`; otherwise a 403 result. */
export function RequirePermission({ permission }: { permission: Permission }) {
  const user = useSessionUser();
  if (!user?.permissions.includes(permission)) return <NoPermission />;
  return <Outlet />;
}
