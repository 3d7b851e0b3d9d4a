import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { freePort } from '../server/test/free-port.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEMO_PASSWORD = 'Demo-Pass-2026!';
const E2E_SECRET = 'e2e0'.repeat(16); // 64 hex chars, fixed so runs are reproducible
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_LOG_CHARS = 64_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signal the whole process group: the server and anything it starts. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'fivestar-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  // A real production-like server: drop the VITEST* variables vitest puts into our environment.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST_DATABASE_URL'),
  );
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
    FIVESTAR_DEMO_PASSWORD: DEMO_PASSWORD,
    FIVESTAR_SECRET: E2E_SECRET,
    FIVESTAR_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });

  // As `npm run serve` runs it: node with tsx's loader, one process (the tsx launcher would force-kill the server
  // 30 ms after a signal).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so teardown reaches the server and anything it starts
  });

  let output = '';
  const capture = (stream: string) => (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-MAX_LOG_CHARS);
    for (const line of text.split('\n'))
      if (line.trim()) process.stderr.write(`[server ${stream}] ${line}\n`);
  };
  child.stdout?.on('data', capture('out'));
  child.stderr?.on('data', capture('err'));

  const state: { exit: { code: number | null; signal: NodeJS.Signals | null } | null } = { exit: null };
  const exitPromise = new Promise<void>((resolveExit) => {
    child.on('exit', (code, signal) => {
      state.exit = { code, signal };
      resolveExit();
    });
    child.on('error', (err) => {
      output += `\nspawn error: ${err.message}`;
      state.exit = { code: null, signal: null };
      resolveExit();
    });
  });
  // If vitest itself dies, do not leave the server running.
  const killOnExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const teardown = async () => {
    process.removeListener('exit', killOnExit);
    if (!state.exit) {
      signalGroup(child, 'SIGTERM');
      const stopped = await Promise.race([
        exitPromise.then(() => true),
        sleep(STOP_TIMEOUT_MS).then(() => false),
      ]);
      if (!stopped) {
        process.stderr.write(
          `e2e: server did not exit ${STOP_TIMEOUT_MS / 1000}s after SIGTERM, killing it\n`,
        );
        signalGroup(child, 'SIGKILL');
        await Promise.race([exitPromise, sleep(2_000)]);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no response yet';
    for (;;) {
      if (state.exit) {
        const { code, signal } = state.exit;
        throw new Error(
          `e2e server exited before it was ready (code ${code}, signal ${signal}). Output:\n${output}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `e2e server not ready after ${READY_TIMEOUT_MS / 1000}s (last: ${last}). Output:\n${output}`,
        );
      }
      try {
        const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
        const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
        if (res.status === 200 && body?.status === 'ok') break;
        last = `HTTP ${res.status} ${JSON.stringify(body)}`;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      await sleep(250);
    }
  } catch (err) {
    await teardown();
    throw err;
  }

  project.provide('baseUrl', baseUrl);
  project.provide('demoPassword', DEMO_PASSWORD);
  return teardown;
}
