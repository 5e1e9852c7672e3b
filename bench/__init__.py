"""ClaimBench: schema, data loading, validation and scoring for casualty-claim extraction.

Importing `bench` is cheap: no torch, transformers or datasets at import time.
"""

__version__ = "0.2.0"


def score(*args, **kwargs):
    """Score predictions against gold documents; see `bench.scoring.score` (imported on first use)."""
    from bench.scoring import score as _score

    return _score(*args, **kwargs)
