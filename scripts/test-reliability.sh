#!/usr/bin/env bash
# Reliability tier (docs/security.md items 33, 34, 38 and 40): the real server process over real HTTP.
#   1. kill -9 during 1,000 report submissions from 50 phones: every 201 stored exactly once, whole —
#      on SQLite and on PostgreSQL (the throw-away server of scripts/test-pg.sh);
#   2. SIGTERM under the same load: answers or 503s, exit 0, every 201 stored, restart ready in < 10 s;
#   3. 200 concurrent mixed requests: no 5xx, no SQLITE_BUSY;
#   4. a power cut (scripts/powercut-fs.py drops unsynced bytes) under load: every 201 survives (SQLite).
# RELIABILITY_PG=0 skips PostgreSQL. Extra arguments go to vitest, e.g. `bash scripts/test-reliability.sh shutdown`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "${RELIABILITY_PG:-1}" = "1" ]; then
  exec bash scripts/test-pg.sh --run npx vitest run -c vitest.reliability.config.ts "$@"
fi
exec npx vitest run -c vitest.reliability.config.ts "$@"
