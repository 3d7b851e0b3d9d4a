import { Badge, Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMenuCounts } from '../features/workbench';
import { navKeyFor, visibleNavItems } from './nav';

interface Props {
  permissions: readonly string[];
  onNavigate?: () => void;
}

/** The main menu: only the modules the user's role may open. */
export function NavMenu({ permissions, onNavigate }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = visibleNavItems(permissions);
  const selected = navKeyFor(pathname);
  const counts = useMenuCounts(pathname);

  return (
    <Menu
      mode="inline"
      data-testid="main-menu"
      selectedKeys={selected ? [selected] : []}
      style={{ borderInlineEnd: 'none' }}
      items={items.map((item) => ({
        key: item.key,
        icon: item.icon,
        label: (
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <span data-testid={`menu-${item.key}`}>{t(item.label as never)}</span>
            {(counts[item.key] ?? 0) > 0 && (
              <Badge
                count={counts[item.key]}
                size="small"
                overflowCount={99}
                data-testid={`menu-count-${item.key}`}
              />
            )}
          </span>
        ),
      }))}
      onClick={({ key }) => {
        const item = items.find((i) => i.key === key);
        if (item) navigate(item.path);
        onNavigate?.();
      }}
    />
  );
}
