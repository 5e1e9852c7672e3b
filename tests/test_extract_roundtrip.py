"""`claimbench extract`: unlabelled documents in, one submission-format line per document out; bad input is
reported as `file:line: message` with a non-zero exit and no traceback."""

import json

from bench.cli import main
from bench.schema import claim_from_dict, mention_from_dict
from bench.validation import check_claims, check_mentions

ARTICLES = [
    {"id": "a1", "text": "At least 15 civilians, including several children, were killed on Sunday, the ministry said.",
     "source": "ignored", "published": "2024-08-26"},
    {"id": "a2", "text": "The army denied that 30 civilians were killed. Two drone strikes hit the town on July 25."},
]


def check(pred, text):
    mentions = [mention_from_dict(m, "m") for m in pred["mentions"]]
    claims = [claim_from_dict(c, "c") for c in pred["claims"]]
    assert check_mentions(text, mentions) == [] and check_claims(mentions, claims) == []


def test_extract_jsonl_round_trip(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    assert main(["extract", "model=rule_based", "input=articles.jsonl", "output=out/claims.jsonl"]) == 0
    lines = (tmp_path / "out" / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    preds = [json.loads(line) for line in lines]
    assert [p["id"] for p in preds] == ["a1", "a2"]
    for article, pred in zip(ARTICLES, preds):
        check(pred, article["text"])
    assert [m["text"] for m in preds[0]["mentions"]] == ["At least 15 civilians", "several children", "the ministry"]
    assert preds[0]["claims"][1]["subset_of"] == preds[0]["claims"][0]["id"]
    assert [c["modality"] for c in preds[1]["claims"]] == ["denied"]
    assert not (tmp_path / ".hydra").exists() and not (tmp_path / "outputs").exists()
    assert "wrote 2 prediction(s)" in capsys.readouterr().err


def test_extract_folder_of_txt(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "b.txt").write_text("Gunmen killed nine farmers, residents said.\n", encoding="utf-8")
    (folder / "a.txt").write_text("No casualties were reported.\n", encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    out = tmp_path / "claims.jsonl"
    assert main(["extract", f"input={folder}", f"output={out}"]) == 0
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["id"] for p in preds] == ["a", "b"]
    assert preds[0]["mentions"] == [] and [m["text"] for m in preds[1]["mentions"]][:2] == ["Gunmen", "nine farmers"]


def test_extract_bad_input_is_reported_by_file_and_line(tmp_path, capsys):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "x", "text": "fine"}\n{"id": "y", "text": \n{"id": "z"}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["extract", f"input={src}", f"output={out}"]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2: invalid JSON" in err and "Traceback" not in err and not out.exists()

    src.write_text('{"id": "x", "text": "fine"}\n{"id": "z"}\n["not", "an", "object"]\n{"id": "x", "text": "again"}\n',
                   encoding="utf-8")
    assert main(["extract", f"input={src}", f"output={out}"]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2: document z: text: missing or invalid `text`" in err
    assert f"{src}:3: expected a JSON object" in err
    assert f"{src}:4: document x: id: duplicate id (first on line 1)" in err

    assert main(["extract", f"input={tmp_path / 'missing.jsonl'}", f"output={out}"]) == 1
    assert "missing.jsonl: no such file or folder" in capsys.readouterr().err
    assert main(["extract", f"output={out}"]) == 2
    assert "extract needs input=" in capsys.readouterr().err


def test_extract_with_a_trainable_model_trains_first(tmp_path, monkeypatch, capsys):
    from test_hydra_run import write_dataset

    data = write_dataset(tmp_path / "data")
    src = tmp_path / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    out = tmp_path / "claims.jsonl"
    assert main(["extract", "model=crf", "model.c1=0.1", "model.c2=0.1", f"data.path={data}", f"input={src}",
                 f"output={out}", "progress=false"]) == 0
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["id"] for p in preds] == ["a1", "a2"]
    for article, pred in zip(ARTICLES, preds):
        check(pred, article["text"])
    assert "training on 3 documents" in capsys.readouterr().err
