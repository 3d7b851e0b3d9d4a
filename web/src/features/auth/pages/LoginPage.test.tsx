import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router';
import '../../../i18n';
import { session } from '../../../api/session';
import { LoginPage } from './LoginPage';

function renderLogin() {
  const router = createMemoryRouter(
    [
      { path: '/login', element: <LoginPage /> },
      { path: '/org', element: <div data-testid="org-page" /> },
    ],
    { initialEntries: ['/login?next=%2Forg'] },
  );
  render(
    <AntApp>
      <RouterProvider router={router} />
    </AntApp>,
  );
}

function fillAndSubmit() {
  fireEvent.change(screen.getByTestId('login-username'), { target: { value: 'township' } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'Demo-Pass-2026!' } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('sign-in page', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    session.set(null);
  });

  it("shows the server's message when the account is locked", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          { error: { code: 'account_locked', message: '账号已锁定，请 15 分钟后再试' } },
          { status: 423 },
        ),
      ),
    );
    renderLogin();
    expect(screen.queryByText('五星支部创建管理平台')).not.toBeNull();
    fillAndSubmit();
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toContain('账号已锁定'));
  });

  it('signs in and continues to the page in ?next=', async () => {
    const me = {
      user: {
        id: 1,
        username: 'township',
        displayName: '张庄镇组织办',
        role: 'township_admin',
        roleName: '乡镇党委/组织办',
        roleNameEn: 'Township party office',
        permissions: ['org:read'],
        unit: { id: 4, name: '张庄镇', level: 'township', path: '/1/2/3/4/' },
        mustChangePassword: false,
      },
      csrfToken: 'tok',
    };
    const fetch = vi.fn(async () => Response.json(me));
    vi.stubGlobal('fetch', fetch);
    renderLogin();
    fillAndSubmit();
    await waitFor(() => expect(screen.queryByTestId('org-page')).not.toBeNull());
    expect(fetch).toHaveBeenCalledWith('/api/auth/login', expect.objectContaining({ method: 'POST' }));
    expect(session.get()?.username).toBe('township');
  });
});
