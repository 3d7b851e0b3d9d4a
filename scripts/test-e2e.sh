#!/usr/bin/env bash
# End-to-end tier: builds the web app, then vitest starts the real server (e2e/global-setup.ts)
# and drives Debian's Chromium through playwright-core. Extra arguments are passed to vitest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { echo "test-e2e: $*" >&2; }

have_cjk_font() {
  dpkg -s fonts-wqy-microhei >/dev/null 2>&1 && return 0
  command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei'
}

if [ ! -x /usr/bin/chromium ] || ! have_cjk_font; then
  log "installing chromium and fonts-wqy-microhei"
  bash scripts/apt-install.sh chromium fonts-wqy-microhei
fi
if [ ! -x /usr/bin/chromium ]; then
  log "/usr/bin/chromium is still missing"
  exit 1
fi
log "using $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"

npm run build
npx vitest run -c vitest.e2e.config.ts "$@"
