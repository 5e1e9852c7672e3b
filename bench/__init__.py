"""ClaimBench: schema, data loading, validation and scoring for casualty-claim extraction.

Importing `bench` is cheap: no torch, transformers or datasets at import time.
"""

__version__ = "0.1.0"
