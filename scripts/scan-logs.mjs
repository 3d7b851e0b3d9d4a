#!/usr/bin/env node
// The log scan of a full test run (docs/security.md item 38): personal data and secrets must never reach a log.
// `node scripts/scan-logs.mjs FILE…` reads each file (a missing one is skipped) and fails (exit 1) when a line holds
//   - an ID number with a valid GB 11643 check digit, or a mainland mobile number;
//   - the instance secret of a test server (e2e, reliability) or the test/demo passwords, read from the test sources
//     so the list cannot drift (a source that no longer declares one fails the scan too);
//   - a session token (the session cookie with a value) or a CSRF token value.
// A finding names the file, the line and the kind, never the value itself. Exit 0 when clean.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Literal secrets the tests use, from where they are declared: [file, regex with one group, what]. */
const DECLARED = [
  ['e2e/global-setup.ts', /DEMO_PASSWORD = '([^']+)'/, 'the demo password'],
  ['e2e/global-setup.ts', /E2E_SECRET = '([^']+)'\.repeat\((\d+)\)/, 'the e2e instance secret'],
  ['server/reliability/harness.ts', /SECRET = '([^']+)'\.repeat\((\d+)\)/, 'the reliability instance secret'],
  ['server/test/test-app.ts', /TEST_PASSWORD = '([^']+)'/, 'the test password'],
  ['e2e/jobs.e2e.ts', /RESET_PASSWORD = '([^']+)'/, 'a reset password'],
];

function literals() {
  const out = [];
  for (const [file, re, what] of DECLARED) {
    const path = join(ROOT, file);
    const m = existsSync(path) ? re.exec(readFileSync(path, 'utf8')) : null;
    if (!m) throw new Error(`scan-logs: ${file} no longer declares ${what}; update scripts/scan-logs.mjs`);
    out.push({ value: m[2] ? m[1].repeat(Number(m[2])) : m[1], what });
  }
  return out;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function validId(id) {
  const y = Number(id.slice(6, 10));
  const mo = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i];
  return '10X98765432'[sum % 11] === id[17].toUpperCase();
}

const ID_RE = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
const PHONE_RE = /(?<![\d.])1[3-9]\d{9}(?![\d.])/g;
const TOKEN_RES = [
  [/(?:__Host-)?fivestar_sid=(?!;|\s|$)[A-Za-z0-9_-]{16,}/, 'a session token'],
  [/x-csrf-token["']?\s*[:=]\s*["']?[A-Za-z0-9_-]{16,}/i, 'a CSRF token'],
];

export function scanText(text, secrets) {
  const findings = [];
  text.split('\n').forEach((line, i) => {
    const kinds = new Set();
    for (const m of line.matchAll(ID_RE)) if (validId(m[0])) kinds.add('an ID number');
    if (PHONE_RE.test(line)) kinds.add('a mobile number');
    PHONE_RE.lastIndex = 0;
    for (const [re, what] of TOKEN_RES) if (re.test(line)) kinds.add(what);
    for (const s of secrets) if (line.includes(s.value)) kinds.add(s.what);
    if (kinds.size) findings.push({ line: i + 1, kinds: [...kinds] });
  });
  return findings;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = process.argv.slice(2);
  const secrets = literals();
  let bad = 0;
  let scanned = 0;
  for (const file of files) {
    if (!existsSync(file)) continue;
    scanned++;
    // Colour codes out; the rest as it was written.
    // eslint-disable-next-line no-control-regex -- the escape character starts a colour code
    const text = readFileSync(file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
    for (const f of scanText(text, secrets)) {
      bad++;
      if (bad <= 50) console.error(`scan-logs: ${file}:${f.line}: ${f.kinds.join(', ')}`);
    }
  }
  if (bad) {
    console.error(`scan-logs: ${bad} line(s) with personal data or secrets in ${scanned} log file(s)`);
    process.exit(1);
  }
  console.log(`scan-logs: ${scanned} log file(s) clean`);
}
