import { describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules/index.ts';

/** What officials must never read: document references, internal section marks, and the word "guess". */
const DEVELOPER_NOTE = /§|domain\.md|programme\.md|推测|未经证实|guess|inferred|unverified/i;

describe('server messages say nothing a developer wrote for developers', () => {
  it('in every module’s messages, in both languages', () => {
    const found = MODULES.flatMap((m) =>
      Object.entries(m.messages ?? {}).flatMap(([key, text]) =>
        [text.zh, text.en].filter((s) => DEVELOPER_NOTE.test(s)).map((s) => `${key}: ${s}`),
      ),
    );
    expect(found).toEqual([]);
    expect(MODULES.some((m) => Object.keys(m.messages ?? {}).length > 0)).toBe(true);
  });
});
