#!/usr/bin/env bash
# `npm test`: every tier in order. A failing tier does not stop the later ones, so one CI run
# reports all of them; the script exits non-zero if any tier failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TIERS=()
RESULTS=()
TIMES=()
FAILED=0

banner() {
  echo
  echo "=================================================================="
  echo "  $*"
  echo "=================================================================="
}

tier() {
  local name=$1
  shift
  banner "TIER: $name  ($*)"
  local start=$SECONDS code=0
  "$@" 2>&1 | tee -a "$LOG" || code=$?
  local took=$((SECONDS - start))
  TIERS+=("$name")
  TIMES+=("$took")
  if [ "$code" -eq 0 ]; then
    RESULTS+=("ok")
  else
    RESULTS+=("FAILED (exit $code)")
    FAILED=1
  fi
  echo ">>> tier '$name' finished in ${took}s: ${RESULTS[-1]}"
}

TOTAL_START=$SECONDS
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
# Server logs the tiers keep besides what they print (the reliability harness writes here); scanned at the end.
rm -rf .test-artifacts/logs
mkdir -p .test-artifacts/logs
tier "system packages (apt, only when missing)" bash scripts/ensure-system-deps.sh
tier "check: format, lint, typecheck, vitest (SQLite)" npm run check
tier "server integration on PostgreSQL" bash scripts/test-pg.sh
tier "reliability: real server, kill -9, SIGTERM, load" bash scripts/test-reliability.sh
tier "end-to-end (Chromium)" bash scripts/test-e2e.sh
# Last: no personal data or secret in anything this run printed or logged (docs/security.md item 38).
tier "log scan: personal data and secrets" node scripts/scan-logs.mjs "$LOG" .test-artifacts/logs/*.log

banner "SUMMARY"
for i in "${!TIERS[@]}"; do
  printf '  %-50s %5ss  %s\n' "${TIERS[$i]}" "${TIMES[$i]}" "${RESULTS[$i]}"
done
printf '  %-50s %5ss\n' "total" "$((SECONDS - TOTAL_START))"
echo

# One plain closing line over every vitest run: "N passed, N failed".
strip() { sed -e 's/\x1b\[[0-9;]*m//g' "$LOG"; }
count() { strip | awk -v word="$1" '/^[[:space:]]+Tests[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i == word) s += $(i - 1) } END { print s + 0 }'; }
PASSED=$(count passed)
FAILED_TESTS=$(count failed)
echo "$PASSED passed, $FAILED_TESTS failed"
echo

if [ "$FAILED" -ne 0 ]; then
  echo "npm test: FAILED" >&2
  exit 1
fi
echo "npm test: all tiers passed"
