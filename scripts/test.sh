#!/usr/bin/env bash
# The test job: install, check that committed generated files are current, run the test suite.
set -euo pipefail
source "$(dirname "$0")/setup-env.sh"
# The leaderboard page test drives a real headless browser.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; the browser test will be skipped" >&2
fi
claimbench data build --check
if [ -d leaderboard/submissions ]; then claimbench leaderboard check; fi
python -m pytest -q "$@"
