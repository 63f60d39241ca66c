#!/usr/bin/env bash
# What the tests need from Debian: Chromium for the browser tests (Playwright cannot download
# its own browser here) and GNU gettext (makemessages and msgfmt check the English catalogue).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing for the tests: ${missing[*]}. Install with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
