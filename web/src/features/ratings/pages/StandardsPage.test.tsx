import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router';
import { defaultRuralStandard, type Standard, type StandardDefinition } from '@fivestar/common';
import '../../../i18n';
import { session } from '../../../api/session';
import StandardsPage from './StandardsPage';

const draft: Standard = {
  id: 7,
  year: 2027,
  branchKind: 'rural',
  status: 'draft',
  definition: defaultRuralStandard(),
  publishedAt: null,
  updatedAt: 0,
};

/** A fake API: the draft, the registered facts, and a PATCH that answers with `patchAnswer`. */
function stubApi(patchAnswer: (def: StandardDefinition) => Response) {
  const patches: StandardDefinition[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/ratings/standards') return Response.json([draft]);
      if (url === '/api/ratings/facts')
        return Response.json([
          { code: 'branch.member_count', nameZh: '党员人数', nameEn: 'Members', unit: '人', kind: 'number' },
        ]);
      if (url === '/api/ratings/standards/7' && init?.method === 'PATCH') {
        const def = (JSON.parse(init.body as string) as { definition: StandardDefinition }).definition;
        patches.push(def);
        return patchAnswer(def);
      }
      return Response.json({ error: { code: 'not_found', message: 'no' } }, { status: 404 });
    }),
  );
  return patches;
}

function renderPage() {
  session.set({
    user: {
      id: 1,
      username: 'county',
      displayName: '县委组织部',
      role: 'county_admin',
      roleName: '县委组织部',
      roleNameEn: 'County',
      permissions: ['rating:read', 'standard:edit'],
      unit: { id: 2, name: '范县', level: 'county', path: '/1/2/' },
      mustChangePassword: false,
    },
    csrfToken: 'tok',
  } as never);
  render(
    <AntApp>
      <MemoryRouter initialEntries={['/ratings/standards']}>
        <StandardsPage />
      </MemoryRouter>
    </AntApp>,
  );
}

describe('standards editor', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    session.set(null);
  });

  it('removes an indicator after a confirm and saves the definition without it', async () => {
    const patches = stubApi((def) => Response.json({ ...draft, definition: def }));
    renderPage();
    const victim = draft.definition.indicators[1]!.code;
    fireEvent.click(await screen.findByTestId(`remove-indicator-${victim}`));
    fireEvent.click(await screen.findByTestId('remove-indicator-ok'));
    await waitFor(() => expect(screen.queryByTestId(`indicator-row-${victim}`)).toBeNull());
    fireEvent.click(screen.getByTestId('save-standard'));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]!.indicators.map((i) => i.code)).toEqual(
      draft.definition.indicators.filter((i) => i.code !== victim).map((i) => i.code),
    );
  });

  it("shows the server's field error on the indicator it names, and only there", async () => {
    stubApi(() =>
      Response.json(
        {
          error: {
            code: 'validation_failed',
            message: '输入有误，请检查标出的字段',
            fields: [{ path: 'definition.indicators.3.fact', message: '未登记的系统事实' }],
          },
        },
        { status: 400 },
      ),
    );
    renderPage();
    fireEvent.click(await screen.findByTestId('save-standard'));
    const code = draft.definition.indicators[3]!.code;
    const err = await screen.findByTestId(`indicator-error-${code}`);
    expect(err.textContent).toBe('系统事实: 未登记的系统事实');
    expect(within(screen.getByTestId(`indicator-row-${code}`)).getByTestId(`indicator-error-${code}`)).toBe(
      err,
    );
    expect(document.querySelectorAll('[data-testid^="indicator-error-"]')).toHaveLength(1);
    expect(screen.getByTestId('indicator-errors-summary')).toBeTruthy();
  });
});
