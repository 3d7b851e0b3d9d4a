import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const TABS = [
  { key: 'items', path: '/supervision/items' },
  { key: 'wall', path: '/supervision/wall' },
  { key: 'reports', path: '/supervision/reports' },
  { key: 'teams', path: '/supervision/teams' },
] as const;

/** The supervision section's own navigation. */
export function SupervisionTabs() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = TABS.find((x) => pathname.startsWith(x.path))?.key ?? 'items';
  return (
    <Segmented
      style={{ marginBottom: 16, maxWidth: '100%', overflowX: 'auto' }}
      value={current}
      options={TABS.map((x) => ({
        value: x.key,
        label: <span data-testid={`tab-${x.key}`}>{t(`supervision.tabs.${x.key}`)}</span>,
      }))}
      onChange={(v) => void navigate(TABS.find((x) => x.key === v)!.path)}
    />
  );
}
