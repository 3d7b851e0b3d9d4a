#!/usr/bin/env bash
# Reliability tier (security.md §5 F, items 33, 38, 40): the real server process over real HTTP.
#   1. kill -9 during 1,000 report submissions from 50 phones: every 201 stored exactly once, whole (SQLite);
#   2. SIGTERM under the same load: answers or 503s, exit 0, every 201 stored, restart ready in < 10 s;
#   3. 200 concurrent mixed requests: no 5xx, no SQLITE_BUSY;
#   then 1 again on PostgreSQL (the throw-away server of scripts/test-pg.sh).
# Extra arguments are passed to the SQLite vitest run, e.g. `bash scripts/test-reliability.sh crash`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

npx vitest run -c vitest.reliability.config.ts "$@"
if [ "${RELIABILITY_PG:-1}" = "1" ] && [ $# -eq 0 ]; then
  bash scripts/test-pg.sh --run npx vitest run -c vitest.reliability.config.ts server/reliability/crash.reliability.ts
fi
