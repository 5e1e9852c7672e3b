#!/usr/bin/env bash
# The main job: install, check the bundled dataset, run the three baselines on it and print the table.
set -euo pipefail
source "$(dirname "$0")/setup-env.sh"
claimbench data validate
claimbench data stats
claimbench run -m model=rule_based,crf,transformer
