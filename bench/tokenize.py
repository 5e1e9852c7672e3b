"""The one documented tokenizer behind `tokens`, `token_offsets` and `ner_tags`.

Rules (deterministic, no model, no locale): a token is a number with its thousands separators ("1,200"),
a run of word characters ("Tinzaouaten", "CSP", "2024"), or any other single non-space character
("’", "-", "(", "“"). Apostrophes and hyphens are tokens of their own, so "Mali’s" is "Mali", "’", "s" and
every word boundary a mention can have is a token boundary.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable, Sequence

from bench.schema import Mention

TOKEN_PATTERN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|[^\W_]+|_+|[^\w\s]")


def tokenize(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    tokens, offsets = [], []
    for m in TOKEN_PATTERN.finditer(text):
        tokens.append(m.group())
        offsets.append((m.start(), m.end()))
    return tokens, offsets


def spans_to_iob2(offsets: Sequence[tuple[int, int]], mentions: Iterable[Mention]) -> list[str]:
    """IOB2 tags for non-overlapping mentions; a token belongs to a mention when it lies inside its span."""
    tags = ["O"] * len(offsets)
    starts = [s for s, _ in offsets]
    for m in sorted(mentions, key=lambda m: m.start):
        i = bisect.bisect_left(starts, m.start)
        first = True
        while i < len(offsets) and offsets[i][1] <= m.end:
            tags[i] = ("B-" if first else "I-") + m.label
            first = False
            i += 1
    return tags


def iob2_to_token_spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """(label, first token, last token + 1) for each chunk, with conlleval's reading of ill-formed tags:
    an I- after O or after another type opens a new chunk."""
    spans = []
    label, begin = None, 0
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, kind = tag.partition("-")
        starts = prefix == "B" or (prefix == "I" and kind != label)
        if label is not None and (prefix == "O" or starts):
            spans.append((label, begin, i))
            label = None
        if prefix in ("B", "I") and (starts or label is None):
            label, begin = kind, i
    return spans


def misaligned(offsets: Sequence[tuple[int, int]], mention: Mention) -> bool:
    """True when a mention starts or ends inside a token (its tags would then not reproduce its span)."""
    starts = {s for s, _ in offsets}
    ends = {e for _, e in offsets}
    return mention.start not in starts or mention.end not in ends
