import { lazy, Suspense } from 'react';
import { Spin, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useCan } from '../../../api/session';
import { BoardPage } from './BoardPage';
import { DisputeLedgerPage } from './DisputeLedgerPage';
import { ReportPage } from './ReportPage';
import { RiskLedgerPage } from './RiskLedgerPage';
import '../events.css';

// ECharts is loaded only when the map is opened (keeps the phone's report form light).
const MapPage = lazy(() => import('./MapPage'));
const StatsPage = lazy(() => import('./StatsPage'));
const SettingsPage = lazy(() => import('./SettingsPage'));

/** Grid events: the centre's board, the phone report form with its outbox, and the two ledgers. */
export default function EventsModule() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = [
    { key: 'board', label: t('grid.tabs.board') },
    ...(can('grid:report') ? [{ key: 'report', label: t('grid.tabs.report') }] : []),
    { key: 'stats', label: t('grid.tabs.stats') },
    { key: 'map', label: t('grid.tabs.map') },
    { key: 'disputes', label: t('grid.tabs.disputes') },
    { key: 'risks', label: t('grid.tabs.risks') },
    ...(can('grid:admin') ? [{ key: 'settings', label: t('grid.tabs.settings') }] : []),
  ];
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
        <Route path="board" element={<BoardPage />} />
        <Route path="report" element={<ReportPage />} />
        <Route
          path="stats"
          element={
            <Suspense fallback={<Spin />}>
              <StatsPage />
            </Suspense>
          }
        />
        <Route
          path="map"
          element={
            <Suspense fallback={<Spin />}>
              <MapPage />
            </Suspense>
          }
        />
        <Route path="disputes" element={<DisputeLedgerPage />} />
        <Route path="risks" element={<RiskLedgerPage />} />
        <Route
          path="settings"
          element={
            <Suspense fallback={<Spin />}>
              <SettingsPage />
            </Suspense>
          }
        />
        <Route path="*" element={<Navigate to={`/events/${home}`} replace />} />
      </Routes>
    </div>
  );
}
