import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { BUILTIN_ROLES } from '@fivestar/common';
import '../i18n';
import { NavMenu } from './NavMenu';
import { navKeyFor, visibleNavItems } from './nav';

const permissionsOf = (code: string) => BUILTIN_ROLES.find((r) => r.code === code)?.permissions ?? [];

function renderMenu(permissions: readonly string[]) {
  return render(
    <MemoryRouter initialEntries={['/org/branches/3']}>
      <NavMenu permissions={permissions} />
    </MemoryRouter>,
  );
}

describe('main menu', () => {
  // The menu asks the workbench for its counts; this test is about which entries show, so it answers "nothing due".
  beforeEach(() => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ groups: [], menu: {} }), { status: 200 })),
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows a village secretary only the modules their role may open', () => {
    renderMenu(permissionsOf('village_secretary'));
    for (const key of ['home', 'org', 'grid', 'persons', 'users'])
      expect(screen.queryByTestId(`menu-${key}`), key).not.toBeNull();
    expect(screen.queryByTestId('menu-audit')).toBeNull();
    expect(screen.getByTestId('menu-org').textContent).toBe('组织架构');
  });

  it('shows the township office user administration but not the audit log (separated duties)', () => {
    renderMenu(permissionsOf('township_admin'));
    expect(screen.getByTestId('menu-users').textContent).toBe('用户管理');
    expect(screen.queryByTestId('menu-audit')).toBeNull();
  });

  it('shows the auditor the audit log', () => {
    renderMenu(permissionsOf('auditor'));
    expect(screen.getByTestId('menu-audit').textContent).toBe('审计日志');
  });

  it('gives an inspection judge home, their scoring, the rounds and organisation, nothing else', () => {
    expect(visibleNavItems(permissionsOf('judge')).map((i) => i.key)).toEqual([
      'home',
      'contests-judge',
      'contests',
      'org',
    ]);
  });

  it('highlights the module a nested page belongs to', () => {
    expect(navKeyFor('/org/branches/3')).toBe('org');
    expect(navKeyFor('/')).toBe('home');
    expect(navKeyFor('/organisation')).toBeUndefined();
  });
});
