import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import '../../../i18n';
import { session } from '../../../api/session';
import ReportLitePage from './ReportLitePage';

const outbox = vi.hoisted(() => ({
  enqueue: vi.fn(async () => undefined),
  syncOutbox: vi.fn(async () => undefined),
}));
vi.mock('../offline/outbox', () => ({
  reportRoutes: {
    types: { method: 'GET', path: '/api/grid/types' },
    uploadPhoto: { method: 'POST', path: '/api/grid/attachments' },
    report: { method: 'POST', path: '/api/grid/events' },
  },
  enqueue: outbox.enqueue,
  syncOutbox: outbox.syncOutbox,
  listOutbox: async () => [],
  subscribeOutbox: () => () => undefined,
  removeItem: async () => undefined,
  readPhoto: async () => ({ contentType: 'image/jpeg', data: '' }),
}));

const TYPES = [
  { id: 1, code: 'public', class: 'event', parentCode: null, nameZh: '公共服务', nameEn: 'Public services' },
  { id: 2, code: 'public.road', class: 'event', parentCode: 'public', nameZh: '道路设施', nameEn: 'Roads' },
  { id: 3, code: 'dispute', class: 'dispute', parentCode: null, nameZh: '矛盾纠纷', nameEn: 'Disputes' },
  { id: 4, code: 'dispute.land', class: 'dispute', parentCode: 'dispute', nameZh: '土地', nameEn: 'Land' },
].map((t) => ({ ...t, threeZero: null, active: true }));

const me = (level: 'village' | 'township') => ({
  csrfToken: 'x',
  user: {
    id: 9,
    username: 'grid001',
    displayName: '王网格',
    role: 'grid_worker',
    unit: { id: 5, name: level === 'village' ? '李庄村' : '张庄镇', level, path: '/1/5/' },
    permissions: ['grid:read', 'grid:report'],
    mustChangePassword: false,
    mfa: null,
  },
});

function renderPage() {
  const router = createMemoryRouter(
    [
      { path: '/events/report', element: <ReportLitePage /> },
      { path: '/', element: <div data-testid="home" /> },
      { path: '/login', element: <div data-testid="login" /> },
    ],
    { initialEntries: ['/events/report'] },
  );
  render(<RouterProvider router={router} />);
}

describe('the phone report form', () => {
  beforeEach(() => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        Response.json(
          url.includes('/children')
            ? [{ id: 8, parentId: 5, level: 'village', code: 'v', name: '李庄村', path: '', childCount: 0 }]
            : TYPES,
        ),
      ),
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    outbox.enqueue.mockClear();
    session.set(null);
    localStorage.clear();
  });

  it('marks the missing fields, then saves a filled report to the outbox and says what comes next', async () => {
    session.set(me('village') as never);
    renderPage();
    expect(screen.getByTestId('lite-user').textContent).toContain('王网格');
    fireEvent.click(screen.getByTestId('report-submit'));
    expect(screen.getByText('请选择类型')).not.toBeNull();
    expect(screen.getByTestId('report-place').getAttribute('aria-invalid')).toBe('true');
    expect(outbox.enqueue).not.toHaveBeenCalled();

    await waitFor(() => expect(screen.getByText('公共服务 / 道路设施')).not.toBeNull());
    fireEvent.change(screen.getByTestId('report-type'), { target: { value: 'public.road' } });
    fireEvent.change(screen.getByTestId('report-place'), { target: { value: '村东头石桥' } });
    fireEvent.change(screen.getByTestId('report-description'), { target: { value: '桥面塌陷' } });
    fireEvent.click(screen.getByTestId('report-submit'));
    await waitFor(() => expect(screen.getByTestId('report-saved')).not.toBeNull());
    expect(outbox.enqueue).toHaveBeenCalledWith(
      'grid001',
      expect.objectContaining({ class: 'event', typeCode: 'public.road', unitId: 5, place: '村东头石桥' }),
      [],
    );
    expect((screen.getByTestId('report-place') as HTMLInputElement).value).toBe('');
  });

  it('offers the dispute types and the parties for a dispute, and a village above village level', async () => {
    session.set(me('township') as never);
    renderPage();
    fireEvent.click(screen.getByText('矛盾类'));
    await waitFor(() => expect(screen.getByText('矛盾纠纷 / 土地')).not.toBeNull());
    expect(screen.queryByText('公共服务 / 道路设施')).toBeNull();
    fireEvent.click(screen.getByTestId('report-add-party'));
    fireEvent.change(screen.getByTestId('report-party-phone'), { target: { value: '123' } });
    fireEvent.click(screen.getByTestId('report-submit'));
    expect(screen.getByText('请输入 11 位手机号')).not.toBeNull();
    expect(screen.getByText('请选择村（社区）')).not.toBeNull();
    await waitFor(() => expect(screen.getByRole('option', { name: '李庄村' })).not.toBeNull());
    fireEvent.change(screen.getByTestId('report-village'), { target: { value: '8' } });
    expect(screen.queryByText('请选择村（社区）')).toBeNull();
  });

  it('asks for the event types again when the network returns after a first visit lost it', async () => {
    let reachable = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        if (!reachable) throw new TypeError('Failed to fetch');
        return Response.json(TYPES);
      }),
    );
    session.set(me('village') as never);
    renderPage();
    await waitFor(() => expect(screen.getByText(/事件类型尚未下载/)).not.toBeNull());
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => void window.dispatchEvent(new Event('offline')));
    reachable = true;
    onLine.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('online')));
    await waitFor(() => expect(screen.getByText('公共服务 / 道路设施')).not.toBeNull());
    expect(screen.queryByText(/事件类型尚未下载/)).toBeNull();
    onLine.mockRestore();
  });

  it('sends a signed-out visitor to sign-in and back', async () => {
    session.set(null);
    renderPage();
    await waitFor(() => expect(screen.getByTestId('login')).not.toBeNull());
  });
});
