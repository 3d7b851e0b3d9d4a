import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router';
import type { StaffObjection } from '@fivestar/common';
import '../../../i18n';
import { session } from '../../../api/session';
import ObjectionsPage from './ObjectionsPage';

const open: StaffObjection = {
  id: 11,
  noticeId: 3,
  noticeTitle: '第四季度观摩评比结果公示',
  source: 'contests',
  unitName: '张庄镇',
  noticeEndsOn: '2026-11-09',
  noticeStatus: 'open',
  itemRef: 'unit:12',
  itemLabel: '东岭村',
  reason: '东岭村的得分有误',
  contact: '138****5678',
  status: 'open',
  reply: null,
  createdAt: '2026-11-02T02:00:00.000Z',
  resolvedAt: null,
  resolvedBy: null,
};

/** A fake API: one open objection until it is resolved; the resolve call answers upheld. */
function stubApi() {
  const state = { resolved: false, bodies: [] as unknown[] };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const u = new URL(url, 'http://x');
      if (u.pathname === '/api/publicity/objections') {
        const items = state.resolved ? [] : [open];
        return Response.json({ items, total: items.length, page: 1, pageSize: 20 });
      }
      if (u.pathname === '/api/publicity/objections/11/resolve' && init?.method === 'POST') {
        state.bodies.push(JSON.parse(init.body as string));
        state.resolved = true;
        return Response.json({ ...open, status: 'upheld', reply: '予以更正', resolvedBy: 'township' });
      }
      return Response.json({ error: { code: 'not_found', message: 'no' } }, { status: 404 });
    }),
  );
  return state;
}

function renderPage(permissions: string[]) {
  session.set({
    user: {
      id: 1,
      username: 'township',
      displayName: '张庄镇党委组织办',
      role: 'township_admin',
      roleName: '乡镇党委/组织办',
      roleNameEn: 'Township',
      permissions,
      unit: { id: 4, name: '张庄镇', level: 'township', path: '/1/2/3/4/' },
      mustChangePassword: false,
    },
    csrfToken: 'tok',
  } as never);
  render(
    <AntApp>
      <MemoryRouter initialEntries={['/publicity/objections']}>
        <ObjectionsPage />
      </MemoryRouter>
    </AntApp>,
  );
}

describe('公示异议 (objections page)', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    session.set(null);
  });

  it('answers an objection and says what happened and what comes next', async () => {
    const api = stubApi();
    renderPage(['publicity:handle']);
    expect(await screen.findByText('138****5678')).toBeTruthy();
    // No pii:view: no way to show the contact in full.
    expect(screen.queryByTestId('reveal-contact')).toBeNull();
    fireEvent.click(await screen.findByTestId('resolve'));
    fireEvent.click(await screen.findByText('异议成立'));
    fireEvent.change(await screen.findByTestId('resolve-reply'), { target: { value: '予以更正' } });
    fireEvent.click(screen.getByTestId('resolve-ok'));
    const done = await screen.findByTestId('publicity-result');
    expect(api.bodies).toEqual([{ outcome: 'upheld', reply: '予以更正' }]);
    expect(done.textContent).toContain('异议成立');
    expect(done.textContent).toContain('“东岭村”');
    await waitFor(() => expect(done.textContent).toContain('当前没有待答复的异议'));
  });

  it('offers the full contact only to a holder of pii:view', async () => {
    stubApi();
    renderPage(['publicity:handle', 'pii:view']);
    expect(await screen.findByTestId('reveal-contact')).toBeTruthy();
  });
});
