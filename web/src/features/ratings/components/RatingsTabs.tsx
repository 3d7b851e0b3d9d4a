import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '../../../api/session';

const TABS = [
  { key: 'dashboard', path: '/ratings', permission: 'rating:read' },
  { key: 'applications', path: '/ratings/applications', permission: 'rating:read' },
  { key: 'notices', path: '/ratings/notices', permission: 'rating:read' },
  { key: 'targets', path: '/ratings/targets', permission: 'rating:manage' },
  { key: 'standards', path: '/ratings/standards', permission: 'rating:read' },
] as const;

/** The ratings section's own navigation. */
export function RatingsTabs() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = TABS.filter((x) => (me.permissions as string[]).includes(x.permission));
  const current = [...tabs].reverse().find((x) => pathname === x.path || pathname.startsWith(`${x.path}/`));
  return (
    <Segmented
      style={{ marginBottom: 16, maxWidth: '100%', overflowX: 'auto' }}
      value={current?.key ?? 'dashboard'}
      options={tabs.map((x) => ({
        value: x.key,
        label: <span data-testid={`tab-${x.key}`}>{t(`ratings.tabs.${x.key}` as never)}</span>,
      }))}
      onChange={(v) => void navigate(tabs.find((x) => x.key === v)!.path)}
    />
  );
}
