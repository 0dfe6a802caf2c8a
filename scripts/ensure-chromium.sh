#!/usr/bin/env bash
# Debian's Chromium for the browser tests (npm run test:e2e). Never a browser download: apt-get only.
set -euo pipefail
CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
echo "Chromium is missing at $CHROMIUM; installing Debian's chromium with apt-get …" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-chromium: not root and no sudo: install it yourself with 'apt-get install -y chromium'." >&2; exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: apt-get is not available; install Chromium at $CHROMIUM (or set E2E_CHROMIUM)." >&2; exit 1
fi
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium; }; then
  echo "ensure-chromium: 'apt-get install chromium' failed (see above); the browser tests need Debian's Chromium." >&2; exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: chromium was installed but $CHROMIUM does not exist." >&2; exit 1
fi
