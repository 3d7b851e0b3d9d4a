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
      { path: '/mfa/enrol', element: <div data-testid="enrol-page" /> },
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
        mfa: null,
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

  const meOwing = (mfa: 'verify' | 'enrol' | null) => ({
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
      mfa,
    },
    csrfToken: 'tok',
  });

  it('asks for the one-time code after a right password when the session owes it, then continues', async () => {
    const fetch = vi.fn(async (url: string) =>
      Response.json(meOwing(url === '/api/auth/login' ? 'verify' : null)),
    );
    vi.stubGlobal('fetch', fetch);
    renderLogin();
    fillAndSubmit();
    await waitFor(() => expect(screen.queryByTestId('mfa-step')).not.toBeNull());
    expect(screen.queryByTestId('org-page')).toBeNull();
    fireEvent.change(screen.getByTestId('mfa-code'), { target: { value: '123456' } });
    fireEvent.click(screen.getByTestId('mfa-remember'));
    fireEvent.click(screen.getByTestId('mfa-submit'));
    await waitFor(() => expect(screen.queryByTestId('org-page')).not.toBeNull());
    expect(fetch).toHaveBeenCalledWith(
      '/api/auth/mfa/verify',
      expect.objectContaining({ method: 'POST', body: JSON.stringify({ code: '123456', remember: true }) }),
    );
  });

  it('sends a session that must set up the authenticator app to the enrolment page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json(meOwing('enrol'))),
    );
    renderLogin();
    fillAndSubmit();
    await waitFor(() => expect(screen.queryByTestId('enrol-page')).not.toBeNull());
  });
});
