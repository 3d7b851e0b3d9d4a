import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import i18n from 'i18next';
import {
  GRID_ACTION_NAMES,
  ITEM_ACTION_NAMES,
  MEDIATION_STEPS,
  PARTYLIFE_AUDIT_ACTIONS,
  REGISTRIES,
  REGISTRY_CODES,
  TRANSITIONS,
} from '@fivestar/common';
import '../../i18n';
import { actionLabel, objectLabel, resultLabel } from './actionLabel';

const SERVER = join(__dirname, '../../../../server/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

/** The action codes the server writes, read from its source: literal codes, and the families it builds. */
function serverCodes() {
  const text = sources(SERVER).join('\n');
  const literal = [...text.matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]!);
  // Supervision's auditItem(trx, user, 'x.y' …) writes `supervision.x.y` (a conditional gives two codes).
  const items = [
    ...text.matchAll(/auditItem\(\s*trx,\s*user,\s*(?:[^,'"]*\?\s*)?'([a-z_.]+)'(?:\s*:\s*'([a-z_.]+)')?/g),
  ]
    .flatMap((m) => [m[1], m[2]])
    .filter((c): c is string => !!c)
    .map((c) => `supervision.${c}`);
  const families = [...text.matchAll(/action: `([a-z_.]+)\$\{[^}]+\}([a-z_.]*)`/g)].map(
    (m) => `${m[1]}*${m[2]}`,
  );
  const objects = [...text.matchAll(/objectType: '([a-z_]+)'/g)].map((m) => m[1]!);
  const results = [...text.matchAll(/result: '([a-z_]+)'/g)].map((m) => m[1]!);
  return { literal, items, families, objects, results };
}

/** Every member of each family the server builds, from the enumerations in common. */
const FAMILY_MEMBERS: Record<string, string[]> = {
  'grid.event.*': [
    ...GRID_ACTION_NAMES,
    'report',
    'merge',
    'import',
    ...MEDIATION_STEPS.map((s) => `mediation.${s}`),
  ].map((a) => `grid.event.${a}`),
  // A mediation step goes through the report's log, which audits it as grid.event.mediation.<step>.
  'mediation.*': MEDIATION_STEPS.map((s) => `grid.event.mediation.${s}`),
  'development.*.create': REGISTRY_CODES.map((c) => `development.${c}.create`),
  'development.*.update': REGISTRY_CODES.map((c) => `development.${c}.update`),
  'development.*.delete': REGISTRY_CODES.map((c) => `development.${c}.delete`),
  'development.*.export': REGISTRY_CODES.map((c) => `development.${c}.export`),
  'development.*.import': REGISTRY_CODES.map((c) => `development.${c}.import`),
  // Files go only on the registries that take them.
  ...Object.fromEntries(
    ['file_upload', 'file_download', 'file_delete'].map((verb) => [
      `development.*.${verb}`,
      REGISTRY_CODES.filter((c) => REGISTRIES[c].files).map((c) => `development.${c}.${verb}`),
    ]),
  ),
  'ratings.*': [...new Set(TRANSITIONS.map((x) => x.action))].map((a) => `ratings.${a}`),
  'supervision.*': ITEM_ACTION_NAMES.map((a) => `supervision.item.${a}`),
  'supervision.star.*': ['revoke', 'restore'].map((k) => `supervision.star.${k}`),
  'partylife.*': PARTYLIFE_AUDIT_ACTIONS.map((a) => `partylife.${a}`),
};

describe('audit codes in words', () => {
  const found = serverCodes();

  it('reads a plausible set of codes from the server (the scan itself works)', () => {
    expect(found.literal).toContain('auth.login');
    expect(found.items).toContain('supervision.item.create');
    expect(found.families).toContain('grid.event.*');
    expect(found.objects).toContain('grid_event');
  });

  it('names every code the server writes, in both languages', async () => {
    for (const lang of ['zh-CN', 'en']) {
      await i18n.changeLanguage(lang);
      const unknownFamilies = found.families.filter((f) => !(f in FAMILY_MEMBERS));
      expect(unknownFamilies, 'a new family of codes needs its members listed here and named').toEqual([]);
      const codes = [...found.literal, ...found.items, ...Object.values(FAMILY_MEMBERS).flat()];
      const unnamed = codes.filter((c) => actionLabel(i18n, c) === null);
      expect(unnamed, lang).toEqual([]);
      for (const o of found.objects) expect(objectLabel(i18n, o, '4'), o).not.toBe(`${o} #4`);
      for (const r of found.results) expect(resultLabel(i18n, r), r).not.toBe(r);
    }
    await i18n.changeLanguage('zh-CN');
  });

  it('says them in words, and a code it does not know stays a code', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(actionLabel(i18n, 'auth.login')).toBe('登录');
    expect(actionLabel(i18n, 'grid.event.accept')).toBe('网格事件 · 受理');
    expect(actionLabel(i18n, 'ratings.submit')).toBe('星级申报 · 提交自评');
    expect(objectLabel(i18n, 'org_unit', '4')).toBe('组织 #4');
    expect(resultLabel(i18n, 'ok')).toBe('成功');
    expect(actionLabel(i18n, 'made.up_code')).toBeNull();
  });
});
