import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  AlertOutlined,
  ClusterOutlined,
  HomeOutlined,
  StarOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { Permission } from '@fivestar/common';

export type NavKey = 'home' | 'ratings' | 'org' | 'grid' | 'events' | 'persons' | 'users' | 'audit';

export interface NavItem {
  key: NavKey;
  path: string;
  icon: ReactNode;
  /** Shown only to roles holding this permission; undefined = every signed-in user. */
  permission?: Permission;
}

/** The main menu, in order. A new module is one line here plus its route in router.tsx. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'home', path: '/', icon: <HomeOutlined /> },
  { key: 'ratings', path: '/ratings', icon: <StarOutlined />, permission: 'rating:read' },
  { key: 'org', path: '/org', icon: <ApartmentOutlined />, permission: 'org:read' },
  { key: 'grid', path: '/grid', icon: <ClusterOutlined />, permission: 'grid:read' },
  { key: 'events', path: '/events', icon: <AlertOutlined />, permission: 'grid:read' },
  { key: 'persons', path: '/persons', icon: <TeamOutlined />, permission: 'person:read' },
  { key: 'users', path: '/users', icon: <UserSwitchOutlined />, permission: 'user:read' },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, permission: 'audit:read' },
];

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || permissions.includes(item.permission));
}

/** The menu entry a location belongs to (longest matching path prefix). */
export function navKeyFor(pathname: string): NavKey | undefined {
  let best: NavItem | undefined;
  for (const item of NAV_ITEMS) {
    const match =
      item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
    if (match && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}
