#!/usr/bin/env bash
# The test set-up's extra: Debian's chromium for tests/test_webui.py, which drives it through
# Playwright (Playwright's own browser download cannot work here). As root (CI) it is installed
# with apt-get; otherwise the web UI tests are skipped with a message saying so.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
        echo "setup: /usr/bin/chromium is missing, so the web UI tests will be skipped;" \
            "install it with: sudo apt-get install chromium" >&2
    fi
fi
