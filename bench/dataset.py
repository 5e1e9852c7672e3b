"""The released dataset: building it from data/authoring/, writing and checking the split files,
loading gold documents, version and checksum, statistics.

Released layout (Hugging Face style; the card's YAML maps the splits to these files):

    data/train.jsonl, data/validation.jsonl, data/test.jsonl   one record per line, sorted by id
    data/release.json                                          version, per-file sha256, overall checksum
    data/README.md                                             the dataset card
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

from bench.authoring import SPLITS, AuthoringResult, load_authoring
from bench.card import render_card
from bench.locations import data_location, installed_data_path  # noqa: F401 - installed_data_path re-exported
from bench.stats import statistics
from bench.problems import Problem, ProblemsFound, RecordError, errors_only
from bench.schema import Document, document_from_dict, document_to_dict
from bench.validation import check_gold_document

RELEASE_FILE = "release.json"


def default_data_dir() -> Path:
    """The dataset folder commands use when none is given: $CLAIMBENCH_DATA, else the data/ of the checkout
    around the working directory, else the copy installed with the package (`bench.locations`)."""
    return data_location().path


def split_path(data_dir: Path, split: str) -> Path:
    return Path(data_dir) / f"{split}.jsonl"


def dump_record(doc: Document) -> str:
    # ensure_ascii=False keeps the verbatim texts readable; sort order is the schema's, not alphabetical.
    return json.dumps(document_to_dict(doc), ensure_ascii=False, separators=(",", ":"))


@dataclass
class Release:
    """Rendered released files (name -> bytes) and what they were built from."""

    files: dict[str, bytes]
    version: str
    checksum: str
    documents: dict[str, list[Document]]


def render_release(authoring: AuthoringResult) -> Release:
    by_split: dict[str, list[Document]] = {s: [] for s in SPLITS}
    for doc in sorted(authoring.documents, key=lambda d: d.id):
        by_split[authoring.groups[doc.event_group].split].append(doc)
    files = {f"{s}.jsonl": "".join(dump_record(d) + "\n" for d in docs).encode("utf-8") for s, docs in by_split.items()}
    version = str(authoring.meta.get("version", "0"))
    checksum = combined_checksum(files)
    manifest = {
        "name": authoring.meta.get("name", "claimbench"),
        "version": version,
        "checksum": checksum,
        "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "documents": len(by_split[name[:-6]])}
                  for name, data in sorted(files.items())},
    }
    files[RELEASE_FILE] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return Release(files=files, version=version, checksum=checksum, documents=by_split)


def combined_checksum(files: dict[str, bytes]) -> str:
    """sha256 over the split files in a fixed order; short form used in signatures."""
    h = hashlib.sha256()
    for name in sorted(n for n in files if n.endswith(".jsonl")):
        h.update(name.encode() + b"\0" + files[name] + b"\0")
    return h.hexdigest()[:16]


def build(data_dir: Path) -> tuple[Optional[Release], list[Problem]]:
    authoring = load_authoring(Path(data_dir) / "authoring")
    problems = list(authoring.problems)
    for gid, group in authoring.groups.items():
        if not any(d.event_group == gid for d in authoring.documents):
            problems.append(Problem(group.file, None, f"event group {gid!r} has no documents", field="id", severity="warning"))
    if errors_only(problems):
        return None, problems
    release = render_release(authoring)
    card_path = Path(data_dir) / "README.md"
    existing = card_path.read_text(encoding="utf-8") if card_path.exists() else "# ClaimBench\n"
    release.files["README.md"] = render_card(
        existing, authoring.meta, statistics(release.documents), release.version, release.checksum).encode("utf-8")
    return release, problems


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)  # mkstemp creates 0600; the outputs are as readable as any written file
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_release(data_dir: Path, release: Release) -> list[str]:
    """Write the files that changed; return their names."""
    changed = []
    for name, data in sorted(release.files.items()):
        path = Path(data_dir) / name
        if not path.exists() or path.read_bytes() != data:
            write_atomic(path, data)
            changed.append(name)
    return changed


def stale_files(data_dir: Path, release: Release) -> list[str]:
    return [name for name, data in sorted(release.files.items())
            if not (Path(data_dir) / name).exists() or (Path(data_dir) / name).read_bytes() != data]


# --------------------------------------------------------------------------------------------------
# Reading released files


def iter_jsonl(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed object) per non-empty line; raises ProblemsFound on the first bad line."""
    from bench.submission import decode_line  # one JSON reader for gold and predictions (limits, nesting)

    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            obj, message = decode_line(raw.rstrip(b"\r\n"))
            if message is not None:
                raise ProblemsFound([Problem(str(path), lineno, message)])
            yield lineno, obj


def read_documents(path: Path) -> list[Document]:
    """Parse a file in the dataset format, raising ProblemsFound with file, line, id and field."""
    docs, problems = [], []
    for lineno, obj in iter_jsonl(Path(path)):
        doc_id = obj.get("id") if isinstance(obj, dict) else None
        try:
            docs.append(document_from_dict(obj))
        except RecordError as exc:
            problems.append(Problem(str(path), lineno, exc.message, doc_id, exc.field.removeprefix("record.")))
    if problems:
        raise ProblemsFound(problems)
    return docs


def validate_file(path: Path) -> list[Problem]:
    """Every invariant of every record in a released (or user-supplied) dataset file."""
    problems = []
    seen: dict[str, int] = {}
    try:
        rows = list(iter_jsonl(Path(path)))
    except ProblemsFound as exc:
        return exc.problems
    for lineno, obj in rows:
        doc_id = obj.get("id") if isinstance(obj, dict) else None
        try:
            doc = document_from_dict(obj)
        except RecordError as exc:
            problems.append(Problem(str(path), lineno, exc.message, doc_id, exc.field.removeprefix("record.")))
            continue
        if doc.id in seen:
            problems.append(Problem(str(path), lineno, f"duplicate document id (first on line {seen[doc.id]})", doc.id, "id"))
        seen.setdefault(doc.id, lineno)
        for field_path, message in check_gold_document(doc):
            problems.append(Problem(str(path), lineno, message, doc.id, field_path))
    if not rows:
        problems.append(Problem(str(path), None, "the file holds no documents"))
    return problems


def load_split(split: str = "test", data_dir: Optional[Path] = None) -> list[Document]:
    """Gold documents of one split, read straight from the released JSONL (no `datasets` needed)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    return read_documents(split_path(data_dir or default_data_dir(), split))


def release_info(data_dir: Optional[Path] = None) -> dict:
    """version and checksum of the released files, recomputed from their bytes (never trusted from disk)."""
    data_dir = Path(data_dir or default_data_dir())
    files = {f"{s}.jsonl": split_path(data_dir, s).read_bytes() for s in SPLITS if split_path(data_dir, s).exists()}
    manifest = json.loads((data_dir / RELEASE_FILE).read_text()) if (data_dir / RELEASE_FILE).exists() else {}
    return {"version": manifest.get("version", "unknown"), "checksum": combined_checksum(files),
            "recorded_checksum": manifest.get("checksum")}


@dataclass(frozen=True)
class ReleasedSplit:
    """A released split identified by its bytes: what a signature names it by."""

    split: str
    version: str
    checksum: str
    path: Path


def identify_release(gold: Union[bytes, os.PathLike, str], data_dir: Optional[Path] = None) -> Optional[ReleasedSplit]:
    """The released split whose file is byte-identical to `gold` (the bytes of a gold file, or its path), or
    None. The scorer asks this so that `--gold data/test.jsonl` or `score(path, load_split("test"))` is
    signed as the released split, never as custom data. Compared by sha256 of the whole file against the
    split files themselves (release.json is not trusted)."""
    data_dir = Path(data_dir or default_data_dir())
    if isinstance(gold, (bytes, bytearray)):
        size, digest = len(gold), hashlib.sha256(gold).hexdigest()
    else:
        gold_path = Path(gold)
        try:
            size = gold_path.stat().st_size
        except OSError:
            return None
        digest = None
    for split in SPLITS:
        path = split_path(data_dir, split)
        try:
            if path.stat().st_size != size:
                continue
        except OSError:
            continue
        if digest is None:
            digest = _sha256_file(gold_path)
        if _sha256_file(path) == digest:
            info = release_info(data_dir)
            return ReleasedSplit(split, str(info["version"]), str(info["checksum"]), path)
    return None


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
