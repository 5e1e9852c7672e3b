"""ClaimBench scorers. One call: `score(predictions, gold=None, ...) -> dict` (see evaluate.py).

Modules, one idea each:

    prf.py        precision / recall / F1 with seqeval's arithmetic; micro, macro, weighted
    matching.py   deterministic one-to-one matching (intervals; general bipartite)
    iob.py        vectorised chunk extraction from IOB2 tags (conlleval / seqeval default mode)
    spans.py      the four SemEval-2013 9.1 schemes, nervaluate's COR/INC/PAR/MIS/SPU per document
    tolls.py      toll F1 over gold figures, by figure kind, outcome and size; error diagnostics
    parties.py    which gold mentions name the same party (actors may be named by any of them)
    claims.py     claim attribution F1 (lenient, strict; restatements once) and per-field recall
    events.py     event linking (B-cubed), main vs background, event toll ranges from system clusters
    collect.py    the one pass over documents: a row of additive counts per document
    metrics.py    every number as a function of column sums: metrics, diagnostics, details
    bootstrap.py  group (or document) resampling, percentile intervals, paired p-value, detectable difference
    gold.py       gold documents, version and split checksum (released splits recognised by checksum)
    signature.py  the sacreBLEU-style signature line, with a hash of the scorer's source
    evaluate.py   `score` and `compare`
    perf.py       `claimbench perf`: the speed benchmark against seqeval and of `score` end to end
"""

from bench.scoring.evaluate import DEFAULT_SEED, SCHEMES, compare, score
from bench.scoring.metrics import HEADLINE

__all__ = ["score", "compare", "SCHEMES", "HEADLINE", "DEFAULT_SEED"]
