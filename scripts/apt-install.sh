#!/usr/bin/env bash
# Install Debian packages non-interactively: `bash scripts/apt-install.sh pkg...`.
# Runs `apt-get update` only when the package lists are missing or the first install attempt fails,
# and retries the install once. Needs root (CI runs as root); otherwise fails with a clear message.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 package..." >&2
  exit 2
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "apt-install: need root to install: $*" >&2
  echo "apt-install: install them yourself (sudo apt-get install -y $*) and re-run." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-y -q -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

lists_present() {
  compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null || compgen -G '/var/lib/apt/lists/*_Packages.*' >/dev/null
}

if ! lists_present; then
  echo "apt-install: package lists are empty, running apt-get update" >&2
  apt-get update -q </dev/null
fi

echo "apt-install: apt-get install ${*}" >&2
if ! apt-get install "${APT_OPTS[@]}" "$@" </dev/null; then
  echo "apt-install: install failed; running apt-get update and retrying once" >&2
  sleep 2
  apt-get update -q </dev/null || true
  apt-get install "${APT_OPTS[@]}" "$@" </dev/null
fi
