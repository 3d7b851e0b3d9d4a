import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../../api/errors';
import { useSessionLoad, useSessionUser, type SessionUser } from '../../../api/session';
import { BareLanguageSwitch, BareSpin } from '../../../app/bare';
import { registerServiceWorker } from '../../../app/serviceWorker';
import { BrandMark } from '../../../components/BrandMark';
import { PubCard } from '../../../components/publicKit';
import { useOnline } from '../../../components/useOnline';
import { eventTabs } from '../eventTabs';
import { listOutbox, subscribeOutbox, syncOutbox, type OutboxItem } from '../offline/outbox';
import { OutboxPanel } from './OutboxPanel';
import { ReportForm } from './ReportForm';
import './report.css';

const HERE = '/events/report';

/**
 * The signed-in user for a page drawn outside the app's frame: loads /api/me once (with no network, the last known
 * user of this phone), sends a signed-out visitor to sign-in and back, and a session that still owes a step (the
 * second sign-in step, a password change) to the app, whose guard takes it there.
 */
function useLiteSession(): { user: SessionUser | undefined; failure: unknown; retry: () => void } {
  const user = useSessionUser();
  const navigate = useNavigate();
  const { failure, retry } = useSessionLoad();
  useEffect(() => {
    if (user === null) void navigate(`/login?next=${encodeURIComponent(HERE)}`, { replace: true });
    else if (user && (user.mfa || user.mustChangePassword)) void navigate('/', { replace: true });
    else if (user && !user.permissions.includes('grid:report'))
      void navigate('/events/board', { replace: true });
  }, [user, navigate]);
  const ready = user && !user.mfa && !user.mustChangePassword && user.permissions.includes('grid:report');
  return { user: ready ? user : undefined, failure, retry };
}

/** The events pages besides this one, as the app's tabs name them (the board's tabs, for roles that have them). */
function EventTabs({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const can = (p: string) => user.permissions.includes(p);
  const tabs = eventTabs(can).filter((key) => key !== 'report');
  if (!can('grid:read')) return null;
  return (
    <nav className="fs-rep-tabs" aria-label={t('grid.lite.nav')} data-testid="lite-tabs">
      <span className="fs-rep-tab fs-rep-tab-on" aria-current="page">
        {t('grid.tabs.report')}
      </span>
      {tabs.map((key) => (
        <Link key={key} className="fs-rep-tab" to={`/events/${key}`} data-testid={`lite-tab-${key}`}>
          {t(`grid.tabs.${key}`)}
        </Link>
      ))}
    </nav>
  );
}

/**
 * The grid worker's phone report form, drawn with plain elements outside the app's frame so that a first visit on a
 * village phone stays small: the network state, the form, and the outbox the reports wait in until they are sent.
 * The header leads back to the home page and to the other events pages.
 */
export default function ReportLitePage() {
  const { t } = useTranslation();
  const { user, failure, retry } = useLiteSession();
  useEffect(() => {
    // Precaches the app for offline use (also when this page is the first one opened after signing in).
    registerServiceWorker();
  }, []);
  if (!user) {
    if (!failure) return <BareSpin />;
    return (
      <div className="fs-bare-center" role="alert">
        <h1 className="fs-bare-title">{t('grid.lite.loadFailed')}</h1>
        <p className="fs-bare-muted">{errorText(failure, t)}</p>
        <button type="button" className="fs-bare-primary" onClick={retry}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <div className="fs-pub fs-bare fs-rep">
      <header className="fs-pub-head fs-rep-head">
        <Link to="/" className="fs-rep-home" data-testid="lite-home">
          <BrandMark size={28} />
          <span>{t('grid.lite.home')}</span>
        </Link>
        <span className="fs-pub-name" />
        <BareLanguageSwitch />
      </header>
      <EventTabs user={user} />
      <main className="fs-content fs-rep-main">
        <h1 className="fs-rep-title">{t('grid.form.title')}</h1>
        <p className="fs-rep-user" data-testid="lite-user">
          {t('grid.lite.signedInAs', { name: user.displayName, unit: user.unit.name })}
        </p>
        <ReportBody user={user} />
      </main>
    </div>
  );
}

function ReportBody({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const online = useOnline();
  const [queue, setQueue] = useState<OutboxItem[]>([]);
  const refresh = useCallback(() => {
    listOutbox(user.username).then(setQueue, () => undefined);
  }, [user.username]);
  useEffect(() => {
    refresh();
    return subscribeOutbox(refresh);
  }, [refresh]);
  useEffect(() => {
    if (online) void syncOutbox(user.username);
  }, [online, user.username]);
  return (
    <div className="fs-pub-stack">
      <div
        className={online ? 'fs-rep-net' : 'fs-rep-net fs-rep-net-off'}
        role="status"
        data-testid="network-state"
        data-online={online ? 'yes' : 'no'}
      >
        {online ? t('grid.queue.online') : t('grid.queue.offline')}
      </div>
      <PubCard>
        <ReportForm me={user} online={online} />
      </PubCard>
      <OutboxPanel queue={queue} online={online} onSync={() => void syncOutbox(user.username)} />
    </div>
  );
}
