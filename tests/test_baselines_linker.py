"""The learned claim linker (baselines/linker.py): training on gold documents, choosing a claimant, and
the JSON save/load round trip. Documents are written for the test."""

import json

import pytest

from bench.schema import Claim, Document, Mention, Toll

from baselines import get_extractor
from baselines.linker import ClaimLinker


def _doc(i: int) -> Document:
    town = ["Arvo", "Belmar", "Corran", "Dunmore", "Elsin", "Farrow"][i % 6]
    n = 5 + i
    text = (f"Gunmen killed {n} villagers in {town} on Monday, the district police chief said. "
            f"A local councillor said the attackers had come from the hills. "
            f"Separately, {n + 2} people were wounded in a market blast, according to hospital staff.")
    def span(s: str, start: int = 0) -> tuple[int, int]:
        a = text.index(s, start)
        return a, a + len(s)
    m = []
    for mid, label, s in (("m1", "CASUALTY", f"{n} villagers"), ("m2", "CLAIMANT", "the district police chief"),
                          ("m3", "CLAIMANT", "A local councillor"), ("m4", "CASUALTY", f"{n + 2} people"),
                          ("m5", "CLAIMANT", "hospital staff")):
        a, b = span(s)
        m.append(Mention(mid, label, a, b, s))
    claims = (Claim("c1", "m1", "m2", (), "killed", "civilians", Toll(n, n, None, False), None, "e", "asserted"),
              Claim("c2", "m4", "m5", (), "injured", "unspecified", Toll(n + 2, n + 2, None, False), None, "e",
                    "asserted"))
    return Document(id=f"d{i}", title=None, text=text, language="en", published=None, outlet=None,
                    provenance="written for the test", license="CC-BY-4.0", event_group=f"g{i}",
                    mentions=tuple(m), claims=claims)


def test_linker_learns_the_claimant_and_round_trips_through_json(tmp_path):
    docs = [_doc(i) for i in range(8)]
    linker = ClaimLinker.train(docs[:6], docs[6:])
    assert linker.selected["validation_accuracy"] == 1.0
    path = tmp_path / "linker.json"
    linker.save(path)
    data = json.loads(path.read_text())
    assert data["format"] == "claimbench-claim-linker/1" and data["weights"]
    loaded = ClaimLinker.load(path)
    assert loaded.weights == linker.weights and loaded.threshold == linker.threshold
    pairs = ClaimLinker.pairs(docs[6:])
    assert loaded.accuracy(pairs) == linker.accuracy(pairs) == 1.0


def test_rule_based_with_linker_is_trained_saved_and_loaded(tmp_path):
    docs = [_doc(i) for i in range(8)]
    ex = get_extractor("rule_based", claim_linker=True)
    assert ex.trainable
    ex.fit(docs[:6], docs[6:])
    ex.save(tmp_path)
    again = get_extractor("rule_based", claim_linker=True).load(tmp_path)
    assert again.predict(docs[6:]) == ex.predict(docs[6:])
    pred = ex.predict(docs[7:])[0]
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    assert ("12 villagers", "the district police chief") in [(by_id[c["casualty"]], by_id.get(c["claimant"]))
                                                             for c in pred["claims"]]


def test_bad_linker_files_are_reported(tmp_path):
    bad = tmp_path / "linker.json"
    bad.write_text('{"format": "something-else"}')
    with pytest.raises(ValueError, match="format"):
        ClaimLinker.load(bad)
    bad.write_text("not json")
    with pytest.raises(ValueError, match="not a claim-linker file"):
        ClaimLinker.load(bad)
    with pytest.raises(FileNotFoundError, match="no claim linker"):
        get_extractor("rule_based", claim_linker=True).load(tmp_path / "missing")


def test_linker_is_kept_only_when_it_beats_the_cue_rules_on_validation(tmp_path):
    from bench.dataset import load_split
    from bench.scoring import score

    train, validation = load_split("train")[:40], load_split("validation")[:12]
    ex = get_extractor("rule_based", claim_linker=True)
    ex.fit(train, validation)
    chosen = ex.selected["claim_linker"]
    f1 = chosen["validation_claim_f1"]
    assert chosen["claimants_by"] == ("linker" if f1["linker"] > f1["cue_rules"] else "cue_rules")
    assert (ex.linker is not None) == (chosen["claimants_by"] == "linker")
    got = score(ex.predict(validation), list(validation), resamples=0)["metrics"]["claim_f1"]["value"]
    assert round(got, 4) == max(f1.values())
    ex.save(tmp_path)
    again = get_extractor("rule_based", claim_linker=True).load(tmp_path)
    assert (again.linker is not None) == (ex.linker is not None)
    assert again.predict(validation) == ex.predict(validation)


def test_a_candidate_without_words_has_features():
    # A tagger's CLAIMANT span over digits or punctuation is a candidate like any other (it crashed once).
    from baselines.assembly.wordlists import DocState
    from baselines.linker import candidate_features
    from baselines.text import analyse

    an = analyse("Gunmen killed 12 villagers in Arvo - 2024, the police chief said.")
    digits = an.token_at_char(an.text.index("2024"))
    feats = candidate_features(an, DocState(an), (2, 4), (digits, digits + 1), 0, 1)
    assert feats["capitalised"] == 0.0 and feats["name"] == 0.0
