import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../clock.ts';
import type { BackupStatus } from './backup.service.ts';

/** A new copy is due once the newest one is this old, so /api/health stays `ok` (< 24 h) while backups work. */
export const BACKUP_DUE_AFTER_MS = 23 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 10 * 60 * 1000;
const RETRY_AFTER_MS = 60 * 60 * 1000;

export type TickResult = 'ran' | 'failed' | 'not_due' | 'running' | 'waiting_after_failure';

/**
 * The daily backup, kept small and self-contained so it can move onto a general job runner: `tick()` asks "is the
 * newest copy 23 h old (or absent)?" on the injected clock and, if so, runs one backup. `start()` only calls
 * `tick()` every 10 minutes. A failed run is retried an hour later, not every tick.
 */
export function createBackupSchedule(deps: {
  clock: Clock;
  status: () => Promise<BackupStatus>;
  run: () => Promise<void>;
  log?: (level: 'info' | 'error', msg: string) => void;
}) {
  let running = false;
  let failedAt: number | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function tick(): Promise<TickResult> {
    if (running) return 'running';
    const now = deps.clock.now();
    if (failedAt !== null && now - failedAt < RETRY_AFTER_MS) return 'waiting_after_failure';
    const { latestAt } = await deps.status();
    if (latestAt !== null && now - Date.parse(latestAt) < BACKUP_DUE_AFTER_MS) return 'not_due';
    running = true;
    try {
      await deps.run();
      failedAt = null;
      deps.log?.('info', 'daily backup written');
      return 'ran';
    } catch (err) {
      failedAt = deps.clock.now();
      deps.log?.('error', `daily backup failed: ${err instanceof Error ? err.message : String(err)}`);
      return 'failed';
    } finally {
      running = false;
    }
  }

  return {
    tick,
    start(firstAfterMs = 60_000) {
      const loop = () => void tick();
      const first = setTimeout(() => {
        loop();
        timer = setInterval(loop, CHECK_EVERY_MS);
        timer.unref();
      }, firstAfterMs);
      first.unref();
      timer = first;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * Runs `backup --scheduled` as a child process with this process's runtime (tsx's loader included): the copy, its
 * checks and the SHA-256 of a large file never block the server's event loop, and it is the same code path the
 * operator runs by hand.
 */
export function runBackupProcess(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const cli = fileURLToPath(new URL('../../cli.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, cli, 'backup', '--scheduled'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(stderr.trim().split('\n').pop() || `exit ${code}`)),
    );
  });
}
