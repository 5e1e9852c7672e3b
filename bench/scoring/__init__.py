"""ClaimBench scorers. One call: `score(predictions, gold=None, ...) -> dict` (see evaluate.py).

Modules, one idea each:

    prf.py        precision / recall / F1 with seqeval's arithmetic; micro, macro, weighted
    matching.py   deterministic one-to-one matching (intervals; general bipartite)
    iob.py        vectorised chunk extraction from IOB2 tags (conlleval / seqeval default mode)
    spans.py      the four SemEval-2013 9.1 schemes from per-document counts
    tolls.py      numeric-toll accuracy on found CASUALTY mentions
    claims.py     claim attribution F1 (lenient and strict)
    events.py     UCDP-style event toll ranges
    bootstrap.py  percentile intervals and the paired-bootstrap p-value
    signature.py  the sacreBLEU-style signature line
    evaluate.py   the one pass over documents, aggregation, `score` and `compare`
    perf.py       `claimbench perf`: the synthetic speed benchmark against seqeval
"""

from bench.scoring.evaluate import DEFAULT_SEED, HEADLINE, SCHEMES, compare, score

__all__ = ["score", "compare", "SCHEMES", "HEADLINE", "DEFAULT_SEED"]
