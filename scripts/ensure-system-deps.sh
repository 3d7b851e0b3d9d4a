#!/usr/bin/env bash
# The Debian packages the test tiers need, installed in one apt run when any is missing:
# PostgreSQL (integration tier), Chromium + a CJK font (e2e, and Chinese in PDFs), poppler-utils (pdftotext for
# checking generated PDFs), python3-fusepy (the reliability tier's power-cut file system, scripts/powercut-fs.py).
# Idempotent: prints nothing to install when all are present.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
dpkg -s python3-fusepy >/dev/null 2>&1 || missing+=(python3-fusepy)

if [ ${#missing[@]} -eq 0 ]; then
  echo "system deps: all present"
  exit 0
fi
echo "system deps: installing ${missing[*]}"
bash scripts/apt-install.sh "${missing[@]}"
