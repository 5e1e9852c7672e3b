#!/usr/bin/env bash
# The test job: install, check that committed generated files are current, check the installed wheel, run
# the test suite.
set -euo pipefail
source "$(dirname "$0")/setup-env.sh"
# The leaderboard page test drives a real headless browser.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; the browser test will be skipped" >&2
fi
# The Ray runner's test starts a local two-CPU Ray (optional extra claimbench[ray]; a ~80 MB wheel).
python -m pip install -q "ray[data]>=2.9"
claimbench data build --check
if [ -d leaderboard/submissions ]; then claimbench leaderboard check; fi
# The wheel as a new user installs it, used from outside the checkout (skip with CLAIMBENCH_SKIP_WHEEL=1
# while iterating on tests).
if [ -z "${CLAIMBENCH_SKIP_WHEEL:-}" ]; then bash scripts/check-wheel.sh; fi
python -m pytest -q "$@"
