"""`claimbench data agreement` on a second annotation that covers only some documents of several groups."""

import json
import shutil

import pytest
from conftest import DOC_HEADER, group_yaml, write_authoring

from bench.agreement import agreement
from bench.cli import main
from bench.dataset import build, write_release
from bench.problems import ProblemsFound

TEXT = "At least 15 civilians, including 11 children, were killed, a local official said, blaming the army.\n"
DOC = DOC_HEADER + """mentions:
  - [m1, CASUALTY, "At least 15 civilians"]
  - [m2, CASUALTY, "11 children"]
  - [m3, CLAIMANT, "a local official"]
  - [m4, ACTOR, "the army"]
claims:
  - {{id: c1, casualty: m1, claimant: m3, actors: [m4], victims: civilians, event: {event}}}
  - {{id: c2, casualty: m2, claimant: m3, actors: [m4], victims: children, subset_of: c1, event: {event}}}
"""


def write_tree(root, docs):
    """docs: {doc_id: (group, split)}; every document gets the same text and labels."""
    groups = {group: group_yaml(group, split, [f"{group}-e1"]) for group, split in set(docs.values())}
    write_authoring(root, groups, {doc_id: (DOC.format(group=group, event=f"{group}-e1"), TEXT)
                                   for doc_id, (group, _) in docs.items()})


@pytest.fixture
def gold(tmp_path):
    data = tmp_path / "data"
    write_tree(data / "authoring", {"a1": ("ga", "train"), "a2": ("ga", "train"), "b1": ("gb", "test"),
                                    "b2": ("gb", "test"), "c1": ("gc", "validation")})
    release, problems = build(data)
    assert release is not None, [str(p) for p in problems]
    write_release(data, release)
    return data


@pytest.fixture
def second(tmp_path):
    root = tmp_path / "annotator2"
    write_tree(root, {"a1": ("ga", "train"), "b2": ("gb", "test")})
    return root


def test_partial_second_annotation_scores_only_its_documents(gold, second):
    result = agreement(second, gold, resamples=50)
    assert result["documents"] == 2 and result["event_groups"] == 2
    assert result["claim_f1"]["value"] == 1.0 and result["claim_f1_strict"]["value"] == 1.0
    # the second annotator gives the child figure no actor: strict claim F1 drops, claim F1 does not
    path = second / "docs" / "b2.yaml"
    path.write_text(path.read_text().replace("actors: [m4], victims: children", "victims: children"))
    result = agreement(second, gold, resamples=50)
    assert result["claim_f1_strict"]["value"] < 1.0
    assert result["claim_f1"]["value"] >= result["claim_f1_strict"]["value"]


def test_lint_findings_in_the_second_annotation_are_counted_not_refused(gold, second):
    path = second / "docs" / "a1.yaml"
    path.write_text(path.read_text().replace("victims: civilians", "victims: civilians, modality: denied"))
    result = agreement(second, gold, resamples=20)
    assert result["lint_findings_in_second"] == 1 and result["documents"] == 2


def test_a_changed_text_or_unknown_document_is_an_error(gold, second):
    (second / "docs" / "b2.txt").write_text(TEXT.replace("were killed", "died"))
    with pytest.raises(ProblemsFound, match="differs from the gold text"):
        agreement(second, gold, resamples=20)
    (second / "docs" / "b2.txt").write_text(TEXT)
    shutil.copy(second / "docs" / "a1.yaml", second / "docs" / "zz.yaml")
    shutil.copy(second / "docs" / "a1.txt", second / "docs" / "zz.txt")
    with pytest.raises(ProblemsFound, match="no gold document with id 'zz'"):
        agreement(second, gold, resamples=20)


def test_cli_agreement_json(gold, second, capsys, monkeypatch):
    monkeypatch.setenv("CLAIMBENCH_DATA", str(gold))
    assert main(["data", "agreement", str(second), "--resamples", "20", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 2 and set(out) >= {"claim_f1", "claim_f1_strict", "signature"}
