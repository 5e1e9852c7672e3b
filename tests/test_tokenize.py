import random

from bench.schema import Mention
from bench.tokenize import iob2_to_token_spans, misaligned, spans_to_iob2, tokenize


def test_tokenizer_rules():
    tokens, offsets = tokenize("Mali’s army killed 1,200 (CSP-DPA) 2024-08-26.")
    assert tokens == ["Mali", "’", "s", "army", "killed", "1,200", "(", "CSP", "-", "DPA", ")",
                      "2024", "-", "08", "-", "26", "."]
    text = "Mali’s army killed 1,200 (CSP-DPA) 2024-08-26."
    assert all(text[s:e] == t for t, (s, e) in zip(tokens, offsets))


def test_iob2_round_trip_on_random_spans():
    rng = random.Random(7)
    text = " ".join(rng.choice(["at", "least", "15", "civilians", "the", "army", ",", "said"]) for _ in range(300))
    tokens, offsets = tokenize(text)
    for _ in range(50):
        mentions, i = [], 0
        while i < len(tokens):
            if rng.random() < 0.2:
                j = min(len(tokens), i + rng.randint(1, 4))
                mentions.append(Mention(f"m{i}", rng.choice(["CASUALTY", "ACTOR", "CLAIMANT"]), offsets[i][0], offsets[j - 1][1]))
                i = j + rng.randint(0, 1)  # adjacent mentions of one label must stay apart
            else:
                i += 1
        tags = spans_to_iob2(offsets, mentions)
        got = [(label, offsets[a][0], offsets[b - 1][1]) for label, a, b in iob2_to_token_spans(tags)]
        assert got == [(m.label, m.start, m.end) for m in mentions]


def test_ill_formed_tags_follow_conlleval():
    assert iob2_to_token_spans(["I-ACTOR", "I-ACTOR", "O", "I-CLAIMANT", "B-CLAIMANT", "I-ACTOR"]) == [
        ("ACTOR", 0, 2), ("CLAIMANT", 3, 4), ("CLAIMANT", 4, 5), ("ACTOR", 5, 6)]


def test_misaligned():
    _, offsets = tokenize("Malians killed")
    assert misaligned(offsets, Mention("m", "ACTOR", 0, 4))
    assert not misaligned(offsets, Mention("m", "ACTOR", 0, 7))
