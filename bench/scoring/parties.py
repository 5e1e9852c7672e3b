"""Parties: which gold mentions name the same actor, so that a system may name it by any of its mentions.

Gold lists each blamed party once per claim, with the mention nearest to the figure; a system that links
another mention of the same party ("the army" in the lead instead of "the army" two paragraphs later) has
the party right. Two mentions name the same party when their normalised texts are equal: case folded,
leading articles and a possessive ending dropped, white space collapsed. That is deliberately literal
("the Malian army" and "the army" stay two parties): the scorer must not guess at coreference.
"""

from __future__ import annotations

import re
from typing import Sequence

from bench.schema import Mention
from bench.scoring.matching import bipartite_matching, overlaps

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def party_key(text: str) -> str:
    key = " ".join(text.casefold().split())
    key = _ARTICLE.sub("", key)
    return _POSSESSIVE.sub("", key).strip()


def party_spans(gold_mentions: Sequence[Mention]) -> dict[str, list[tuple[int, int]]]:
    """party key -> spans of every gold ACTOR or CLAIMANT mention of that party."""
    out: dict[str, list[tuple[int, int]]] = {}
    for m in gold_mentions:
        if m.label in ("ACTOR", "CLAIMANT"):
            out.setdefault(party_key(m.text), []).append((m.start, m.end))
    return out


def actors_match(gold_actor_mentions: Sequence[Mention], pred_actor_spans: Sequence[tuple[int, int]],
                 parties: dict[str, list[tuple[int, int]]]) -> bool:
    """True when the predicted actors name exactly the gold claim's parties, one predicted mention each."""
    if len(gold_actor_mentions) != len(pred_actor_spans):
        return False
    keys = [party_key(m.text) for m in gold_actor_mentions]
    # A gold actor mention is a mention of its own party even if another party shares no text with it.
    spans = [parties.get(k) or [(m.start, m.end)] for k, m in zip(keys, gold_actor_mentions)]

    def compatible(i: int, j: int) -> bool:
        ps, pe = pred_actor_spans[j]
        return any(overlaps(s, e, ps, pe) for s, e in spans[i])

    return len(bipartite_matching(len(keys), len(pred_actor_spans), compatible)) == len(keys)
