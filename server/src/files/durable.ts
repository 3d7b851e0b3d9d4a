import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Files that survive a power cut once written: the bytes are synced before the name points at them, and the
 * folder is synced after the rename, so after a cut a reader finds the old file or the new one, whole — never an
 * empty or half-written one (a rename without these syncs can reach the disk before the data does).
 * server/reliability/powercut.reliability.ts cuts the power under a running server to prove it.
 */

/** fsync a file or a folder by path. */
export function fsyncPath(path: string) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** mkdir -p, syncing the parent of the first folder it created so the new folders' names are on disk too. */
export function mkdirDurably(dir: string) {
  const first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (first) fsyncPath(dirname(first));
}

/** Writes `body` to `path` atomically and durably: a hidden temporary file beside it, fsync, rename, fsync the folder. */
export function writeDurably(path: string, body: Buffer | string, mode = 0o600) {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, typeof body === 'string' ? Buffer.from(body) : body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncPath(dir);
}
