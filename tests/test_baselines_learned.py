"""The CRF and the transformer end to end on a handful of tiny documents: they train, pick settings on
validation, predict valid submission records, save and load, and (transformer) run deterministically on CPU
with a tiny randomly initialised BERT, so these tests take seconds."""

import subprocess
import sys

import pytest

from bench.schema import claim_from_dict, mention_from_dict
from bench.validation import check_claims, check_mentions
from conftest import make_doc

from baselines import get_extractor

SENTENCES = [
    ("At least 12 civilians were killed in the attack, the health ministry said.",
     [("m1", "CASUALTY", "At least 12 civilians"), ("m2", "CLAIMANT", "the health ministry")]),
    ("Gunmen killed nine farmers near the river, according to local officials.",
     [("m1", "ACTOR", "Gunmen"), ("m2", "CASUALTY", "nine farmers"), ("m3", "CLAIMANT", "local officials")]),
    ("A spokesman for the army said dozens of fighters were wounded.",
     [("m1", "CLAIMANT", "A spokesman for the army"), ("m2", "CASUALTY", "dozens of fighters")]),
    ("Rebels attacked the town and killed 30 soldiers, residents said.",
     [("m1", "ACTOR", "Rebels"), ("m2", "CASUALTY", "30 soldiers"), ("m3", "CLAIMANT", "residents")]),
    ("More than 40 people died when militants shelled the market, a doctor said.",
     [("m1", "CASUALTY", "More than 40 people"), ("m2", "ACTOR", "militants"), ("m3", "CLAIMANT", "a doctor")]),
    ("The police said five officers were killed by bandits on Monday.",
     [("m1", "CLAIMANT", "The police"), ("m2", "CASUALTY", "five officers"), ("m3", "ACTOR", "bandits")]),
]


def doc_from(i, sentences):
    text = " ".join(s for s, _ in sentences)
    mentions, claims, k = [], [], 0
    for s, ms in sentences:
        cas = cl = None
        acts = []
        for _, label, quote in ms:
            k += 1
            mentions.append((f"m{k}", label, quote))
            if label == "CASUALTY":
                cas = f"m{k}"
            elif label == "CLAIMANT":
                cl = f"m{k}"
            else:
                acts.append(f"m{k}")
        claims.append({"id": f"c{len(claims) + 1}", "casualty": cas, "claimant": cl, "actors": acts})
    return make_doc(f"doc{i}", text, mentions, claims)


def corpus():
    docs = [doc_from(i, SENTENCES[i % 6:] + SENTENCES[:i % 6]) for i in range(6)]
    return docs[:4], docs[4:]


def assert_valid(pred, text):
    mentions = [mention_from_dict(m, f"mentions[{i}]") for i, m in enumerate(pred["mentions"])]
    claims = [claim_from_dict(c, f"claims[{i}]") for i, c in enumerate(pred["claims"])]
    assert check_mentions(text, mentions) == []
    assert check_claims(mentions, claims) == []
    assert {m.id for m in mentions if m.label == "CASUALTY"} == {c.casualty for c in claims}


def test_crf_trains_selects_on_validation_and_round_trips(tmp_path):
    train, validation = corpus()
    ex = get_extractor("crf", c1_grid=[0.05], c2_grid=[0.01, 0.1], max_iterations=50)
    ex.fit(train, validation)
    assert ex.selected["c1"] == 0.05 and ex.selected["c2"] in (0.01, 0.1)
    assert len(ex.selected["trials"]) == 2
    new = {"id": "new", "text": "Militants killed 14 villagers on Friday, a local official said. "
                                "At least three soldiers were wounded, the army said."}
    preds = ex.predict(validation + [new])
    for doc, pred in zip(validation + [new], preds):
        text = doc["text"] if isinstance(doc, dict) else doc.text
        assert pred["id"] == (doc["id"] if isinstance(doc, dict) else doc.id)
        assert_valid(pred, text)
    # The training sentences themselves are learned.
    labels = {(m["label"], m["text"]) for m in preds[0]["mentions"]}
    assert ("CASUALTY", "At least 12 civilians") in labels
    assert ("CLAIMANT", "the health ministry") in labels
    ex.save(tmp_path / "crf")
    again = get_extractor("crf").load(tmp_path / "crf")
    assert again.predict([new]) == ex.predict([new])


def test_transformer_tiny_bert_end_to_end_and_deterministic(tmp_path):
    train, validation = corpus()
    settings = dict(tiny=True, epochs=3, batch_size=4, learning_rate=5e-3, max_length=32, stride=8, seed=7,
                    device="cpu", threads=1)
    ex = get_extractor("transformer", **settings)
    ex.fit(train, validation)
    assert ex.selected["best_epoch"] in (1, 2, 3) and len(ex.selected["history"]) == 3
    assert ex.selected["device"] == "cpu" and ex.selected["threads"] == 1
    long_doc = {"id": "long", "text": " ".join(s for s, _ in SENTENCES) * 2}  # many 32-sub-word windows
    preds = ex.predict(validation + [long_doc])
    for doc, pred in zip(validation + [long_doc], preds):
        assert_valid(pred, doc["text"] if isinstance(doc, dict) else doc.text)
    # Seeded: a second run gives the same predictions.
    again = get_extractor("transformer", **settings).fit(train, validation)
    assert again.predict(validation + [long_doc]) == preds
    # model.pretrained=<folder>: the saved tiny model loads through the Auto* classes, offline.
    ex.save(tmp_path / "tiny")
    loaded = get_extractor("transformer", device="cpu").load(tmp_path / "tiny")
    assert loaded.predict([long_doc]) == ex.predict([long_doc])
    fine = get_extractor("transformer", pretrained=str(tmp_path / "tiny"), epochs=1, max_length=32, stride=8,
                         device="cpu", threads=1)
    fine.fit(train)
    assert_valid(fine.predict([long_doc])[0], long_doc["text"])


def test_windows_overlap_and_merge(tmp_path):
    from baselines.text import analyse
    from baselines.transformer import snap_spans, tiny_vocabulary

    vocab = tiny_vocabulary(["Gunmen killed nine farmers."], 50)
    assert vocab[:5] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] and "gunmen" in vocab and "##k" in vocab
    an = analyse("Gunmen killed nine farmers. Police said so.")
    # sub-word spans are widened to whole tokens, cut at the sentence end, overlaps dropped
    assert snap_spans(an, [("CASUALTY", 15, 22), ("ACTOR", 1, 3), ("CLAIMANT", 20, 40)]) == [
        ("ACTOR", 0, 6), ("CASUALTY", 14, 26)]
    train, _ = corpus()
    ex = get_extractor("transformer", tiny=True, epochs=1, max_length=24, stride=6, device="cpu", threads=1)
    ex.fit(train)
    text = train[0].text
    windows = ex._windows(text)
    assert len(windows) > 2
    for a, b in zip(windows, windows[1:]):
        shared = set(map(tuple, a["offsets"])) & set(map(tuple, b["offsets"])) - {(0, 0)}
        assert len(shared) >= 6  # consecutive windows overlap by `stride` sub-words


def test_importing_baselines_does_not_import_torch():
    code = ("import sys, baselines; from baselines import get_extractor; get_extractor('transformer'); "
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_untrained_extractors_refuse_to_predict():
    with pytest.raises(RuntimeError):
        get_extractor("crf").predict([{"id": "x", "text": "Five people were killed."}])
    with pytest.raises(RuntimeError):
        get_extractor("transformer").predict([{"id": "x", "text": "Five people were killed."}])
