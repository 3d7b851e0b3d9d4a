import { FEATURES } from '../features';
import type { NavEntry } from './feature';

/** The main menu, in order: every feature's entries. */
export const NAV_ITEMS: readonly NavEntry[] = FEATURES.flatMap((f) => f.nav ?? []);

export function visibleNavItems(permissions: readonly string[]): NavEntry[] {
  return NAV_ITEMS.filter((item) => !item.permission || permissions.includes(item.permission));
}

/** The menu entry a location belongs to (longest matching path prefix). */
export function navKeyFor(pathname: string): string | undefined {
  let best: NavEntry | undefined;
  for (const item of NAV_ITEMS) {
    const match =
      item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
    if (match && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}
