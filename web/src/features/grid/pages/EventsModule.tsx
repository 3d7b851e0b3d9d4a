import { lazy, Suspense } from 'react';
import { Spin, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useCan } from '../../../api/session';
import { eventTabs } from '../eventTabs';
import '../events.css';

// Every tab loads on its own, and ECharts comes only with the map and the statistics. The report tab leads to the
// phone's report form, drawn outside this frame (report/ReportLitePage.tsx, the feature's route /events/report).
const BoardPage = lazy(() => import('./BoardPage').then((m) => ({ default: m.BoardPage })));
const DisputeLedgerPage = lazy(() =>
  import('./DisputeLedgerPage').then((m) => ({ default: m.DisputeLedgerPage })),
);
const RiskLedgerPage = lazy(() => import('./RiskLedgerPage').then((m) => ({ default: m.RiskLedgerPage })));
const MapPage = lazy(() => import('./MapPage'));
const StatsPage = lazy(() => import('./StatsPage'));
const SettingsPage = lazy(() => import('./SettingsPage'));

/** A tab's page, with a spinner while its chunk arrives. */
const later = (page: React.ReactNode) => <Suspense fallback={<Spin />}>{page}</Suspense>;

/** Grid events: the centre's board, the phone report form with its outbox, and the two ledgers. */
export default function EventsModule() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = eventTabs(can).map((key) => ({ key, label: t(`grid.tabs.${key}`) }));
  const active = pathname.split('/')[2] || 'board';
  // A grid worker lands on the report form (their phone's main job); everyone else on the board.
  const home = can('grid:report') && !can('grid:dispatch') && !can('grid:admin') ? 'report' : 'board';
  return (
    <div className="fs-events">
      <Tabs
        className="fs-events-tabs"
        activeKey={active}
        onChange={(key) => navigate(`/events/${key}`)}
        items={tabs}
        // On a phone the tabs that do not fit sit behind a visible “更多” (more) button.
        more={{ icon: <span data-testid="tabs-more">{t('grid.board.moreTabs')} ▾</span>, trigger: ['click'] }}
        data-testid="events-tabs"
      />
      <Routes>
        <Route index element={<Navigate to={`/events/${home}`} replace />} />
        <Route path="board" element={later(<BoardPage />)} />
        <Route path="stats" element={later(<StatsPage />)} />
        <Route path="map" element={later(<MapPage />)} />
        <Route path="disputes" element={later(<DisputeLedgerPage />)} />
        <Route path="risks" element={later(<RiskLedgerPage />)} />
        <Route path="settings" element={later(<SettingsPage />)} />
        <Route path="*" element={<Navigate to={`/events/${home}`} replace />} />
      </Routes>
    </div>
  );
}
