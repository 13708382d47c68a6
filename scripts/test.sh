#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it.
# - a virtualenv with Boussole and its test tools (torch pinned to the CPU build);
# - Chromium for the browser test (Debian package; Playwright's own download is not used).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium for the browser tests…" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
# libseccomp confines the SPARQL workers (no network); Debian systems have it, minimal images may not
if ! ldconfig -p 2>/dev/null | grep -q 'libseccomp\.so\.2'; then
    echo "installing libseccomp2 for the SPARQL worker sandbox…" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq libseccomp2 >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq libseccomp2 >/dev/null; fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[dev]'
exec .venv/bin/python -m pytest -q "$@"
