#!/usr/bin/env bash
# The library as a new user installs it: build the wheel, install it into a fresh virtual environment
# without the checkout on the path, and from an empty folder outside the checkout run `data stats`,
# `score` on a committed baseline submission (numbers identical to the checkout's), `extract`, and
# `load_dataset` on the installed data. Called by scripts/test.sh; needs the checkout's .venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
CHECKOUT_PY=${CHECKOUT_PY:-$REPO/.venv/bin/python}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/claimbench-wheel.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
had_build=$([ -e build ] && echo yes || echo no)

echo "wheel check: building the wheel"
"$CHECKOUT_PY" -m pip wheel -q --no-deps . -w "$WORK/dist"
if [ "$had_build" = no ] && [ -e build ]; then
  echo "wheel check: FAILED: building left a build/ folder in the checkout" >&2; exit 1
fi
WHEEL=$(ls "$WORK"/dist/claimbench-*.whl)

echo "wheel check: installing $(basename "$WHEEL") into a fresh virtual environment"
BASE_PY=$("$CHECKOUT_PY" -c 'import sys, os; print(os.path.join(sys.base_prefix, "bin", "python3"))')
"$BASE_PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q "$WHEEL"

mkdir "$WORK/elsewhere"
cd "$WORK/elsewhere"
# Nothing of the checkout may leak in: no PYTHONPATH, no CLAIMBENCH_* overrides, HF offline.
run() { env -u PYTHONPATH -u CLAIMBENCH_DATA -u CLAIMBENCH_CONFIGS -u CLAIMBENCH_LEADERBOARD -u CLAIMBENCH_RUNS \
        HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 HF_HOME="$WORK/hf" CLAIMBENCH_CACHE="$WORK/cache" \
        PATH="$WORK/venv/bin:/usr/bin:/bin" "$@"; }

run python - <<'PY'
import bench, pathlib, sys
where = pathlib.Path(bench.__file__).resolve()
assert str(where).startswith(sys.prefix), f"bench imported from {where}, not from the fresh environment"
from bench.dataset import installed_data_path
assert installed_data_path().is_relative_to(sys.prefix), installed_data_path()
assert not (installed_data_path() / "authoring").exists(), "the authoring sources must stay in the repository"
PY

echo "wheel check: claimbench data stats"
run claimbench data stats 2> stats.err | tail -3
grep -q "(installed)" stats.err || { cat stats.err; echo "wheel check: FAILED: data stats did not use the installed data" >&2; exit 1; }

echo "wheel check: claimbench score on a committed baseline submission"
SUBMISSION="$REPO/leaderboard/submissions/baseline-rule-based/predictions.jsonl"
run claimbench score "$SUBMISSION" --resamples 200 --json installed.json >/dev/null
(cd "$REPO" && "$CHECKOUT_PY" -m bench.cli score "$SUBMISSION" --resamples 200 --json "$WORK/checkout.json" >/dev/null)
run python - "$WORK/checkout.json" installed.json <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for key in ("metrics", "spans", "tolls", "claims", "events", "signature"):
    assert a[key] == b[key], f"{key} differs between the checkout and the installed wheel"
print("  identical numbers and signature:", b["signature"])
PY

echo "wheel check: claimbench extract model=rule_based"
run python - <<'PY'
import json
from bench.dataset import load_split
with open("articles.jsonl", "w") as fh:
    for d in load_split("validation")[:3]:
        fh.write(json.dumps({"id": d.id, "text": d.text}) + "\n")
PY
run claimbench extract model=rule_based input=articles.jsonl output=claims.jsonl
[ "$(wc -l < claims.jsonl)" -eq 3 ] || { echo "wheel check: FAILED: extract wrote $(wc -l < claims.jsonl) lines" >&2; exit 1; }
run claimbench validate claims.jsonl --split validation --allow-missing >/dev/null

echo "wheel check: datasets.load_dataset on the installed data"
run python -c "from datasets import load_dataset; from bench.dataset import installed_data_path; ds = load_dataset(str(installed_data_path())); print('  splits:', {k: len(v) for k, v in ds.items()})"

leftovers=$(ls -A)
[ "$leftovers" = "$(printf 'articles.jsonl\nclaims.jsonl\ninstalled.json\nstats.err')" ] \
  || { echo "wheel check: FAILED: commands left files in the working directory: $leftovers" >&2; exit 1; }
echo "wheel check: ok"
