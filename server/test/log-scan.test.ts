import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from './test-app.ts';

/**
 * The log scan run at the end of `npm test` (scripts/scan-logs.mjs; docs/security.md item 38) passes a clean log and
 * fails on each kind of planted line, naming the file and line but never the value.
 */
const dir = mkdtempSync(join(tmpdir(), 'fivestar-scan-'));
afterEach(() => rmSync(join(dir, 'run.log'), { force: true }));

function scan(lines: string[]): { code: number; output: string } {
  const file = join(dir, 'run.log');
  writeFileSync(file, lines.join('\n'));
  try {
    const out = execFileSync(process.execPath, ['scripts/scan-logs.mjs', file, join(dir, 'missing.log')], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, output: out };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, output: err.stderr };
  }
}

const CLEAN = [
  ' ✓  server  server/test/persons.test.ts (12 tests) 2311ms',
  '{"level":30,"time":1764583200000,"reqId":"req-1","res":{"statusCode":200},"responseTime":3.2}',
  'masked: 410926********1234 138****5678, a time 1764583200000, an order 20261201000123',
];

describe('the log scan', () => {
  it('passes a clean log', () => {
    expect(scan(CLEAN)).toEqual({ code: 0, output: expect.stringContaining('clean') });
  });

  it.each([
    ['an ID number', '{"msg":"person created","idNumber":"419901197505051236"}'],
    ['a mobile number', 'GET /api/persons?q=13987654321 200'],
    ['a session token', 'cookie: fivestar_sid=Qm9ndXNUb2tlblZhbHVlMTIzNDU2Nzg5MA'],
    ['the test password', `login with ${TEST_PASSWORD}`],
    ['the e2e instance secret', `FIVESTAR_SECRET=${'e2e0'.repeat(16)}`],
  ])('fails on a planted line with %s', (kind, line) => {
    const { code, output } = scan([...CLEAN, line]);
    expect(code).toBe(1);
    expect(output).toContain(`run.log:4: ${kind}`);
    expect(output).not.toContain(line);
  });

  it('does not take an ID-shaped number with a wrong check digit for one', () => {
    expect(scan(['419901197505051237']).code).toBe(0);
  });
});
