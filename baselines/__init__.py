"""ClaimBench baselines: three extractors behind one interface.

    from baselines import get_extractor
    extractor = get_extractor("rule_based")          # or "crf", "transformer"
    extractor.fit(train_docs, validation_docs)       # no-op for rule_based
    predictions = extractor.predict(docs)            # submission-format dicts

Importing this package is cheap: torch and transformers load only with the transformer extractor.
"""

from baselines.base import Extractor
from baselines.registry import available, get_extractor, register

__all__ = ["Extractor", "available", "get_extractor", "register"]
