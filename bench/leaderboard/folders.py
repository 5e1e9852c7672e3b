"""Submission folders: finding them, checking them as the leaderboard does, and adding one.

A submission is leaderboard/submissions/<slug>/ holding exactly predictions.jsonl and meta.yaml, both
plain files. Anything else in the folder (a symbolic link, another file, a subfolder) makes the whole
submission refused before any of its files is opened, so a link to /etc/passwd is never read. The
leaderboard is stricter than `claimbench validate`: every warning is an error, every test document needs
a record, byte-identical predictions under two slugs are refused, and `baseline: true` is only allowed
for the slugs the maintainers list in leaderboard/maintainers.yaml.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from bench.leaderboard.meta import MAX_META_BYTES, MAX_PREDICTIONS_BYTES, check_slug, load_meta
from bench.problems import Problem, ProblemsFound
from bench.schema import Document
from bench.yamlio import YamlError, load_yaml_with_lines

SUBMISSION_FILES = ("predictions.jsonl", "meta.yaml")
MAINTAINERS_FILE = "maintainers.yaml"
COPY_BLOCK = 1 << 20


@dataclass(frozen=True)
class Submission:
    slug: str
    folder: Path


def discover(root: Path) -> tuple[list[Submission], list[Problem]]:
    """Submission folders, with a problem for anything in submissions/ that is not a clean data folder."""
    base = Path(root) / "submissions"
    found, problems = [], []
    if base.is_symlink() or not base.is_dir():
        return [], [Problem(str(base), None, "no submissions folder (a symbolic link is not accepted)")]
    for entry in sorted(base.iterdir(), key=lambda p: p.name):
        if entry.name in (".gitkeep",):
            continue
        if entry.is_symlink():
            problems.append(Problem(str(entry), None, "symbolic links are not accepted in submissions"))
            continue
        if not entry.is_dir():
            problems.append(Problem(str(entry), None, "expected a folder per submission (leaderboard/submissions/<slug>/)"))
            continue
        why = check_slug(entry.name)
        if why:
            problems.append(Problem(str(entry), None, why))
            continue
        bad = [item for item in sorted(entry.iterdir())
               if item.name not in SUBMISSION_FILES or item.is_symlink() or not item.is_file()]
        for item in bad:
            problems.append(Problem(str(item), None, "unexpected entry: a submission holds only predictions.jsonl "
                                                     "and meta.yaml, as plain files (data, never code or links)"))
        if bad:
            continue  # nothing of this folder is read
        problems += [Problem(str(entry / name), None, f"missing {name} (see docs/submitting.md)")
                     for name in SUBMISSION_FILES if not (entry / name).is_file()]
        why = _size_problem(entry / "predictions.jsonl", MAX_PREDICTIONS_BYTES) \
            if (entry / "predictions.jsonl").is_file() else None
        if why:
            problems.append(Problem(str(entry / "predictions.jsonl"), None, why))
        elif all((entry / name).is_file() for name in SUBMISSION_FILES):
            found.append(Submission(entry.name, entry))
    return found, problems


def _size_problem(path: Path, limit: int) -> Optional[str]:
    size = path.stat().st_size
    return f"{size:,} bytes; the limit is {limit:,}" if size > limit else None


def maintainers_baselines(root: Path) -> tuple[set[str], list[Problem]]:
    """Slugs allowed to say `baseline: true`, from leaderboard/maintainers.yaml (none if it is absent)."""
    path = Path(root) / MAINTAINERS_FILE
    if not path.is_file():
        return set(), []
    try:
        data = load_yaml_with_lines(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, YamlError) as exc:
        return set(), [Problem(str(path), getattr(exc, "line", None), getattr(exc, "message", str(exc)))]
    slugs = data.get("baselines") if isinstance(data, dict) else None
    if not isinstance(slugs, list) or not all(isinstance(s, str) and not check_slug(s) for s in slugs):
        return set(), [Problem(str(path), None, "expected `baselines:` with a list of submission slugs")]
    return set(slugs), []


def check_predictions(path: Path, gold: Sequence[Document]) -> list[Problem]:
    """The leaderboard's check of a predictions file: every problem, warnings turned into errors."""
    from bench.submission import read_submission

    sub = read_submission(path, gold, missing_hint="a leaderboard submission needs a record for every test document")
    return [p if p.severity == "error" else
            dataclasses.replace(p, severity="error", message=f"{p.message} (warnings are errors on the leaderboard)")
            for p in sub.problems]


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(COPY_BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def duplicate_problems(paths: dict[str, Path]) -> list[Problem]:
    """Byte-identical predictions under two slugs (slug -> predictions path): the later slug is refused."""
    first: dict[str, str] = {}
    problems = []
    for slug in sorted(paths):
        digest = file_digest(paths[slug])
        if digest in first:
            problems.append(Problem(str(paths[slug]), None, f"byte-identical to the predictions of submission "
                                                            f"{first[digest]!r}; one system, one submission"))
        first.setdefault(digest, slug)
    return problems


def add_submission(root: Path, slug: str, predictions: Path, meta: Path, force: bool = False,
                   data_dir: Optional[Path] = None) -> Path:
    """Validate a predictions file and its meta.yaml, then copy them to submissions/<slug>/.

    Refuses an invalid slug, a target that is a symbolic link or not a folder, files over the size
    limits (before reading them), invalid files, and an existing submission unless `force`. The files
    are streamed into a hidden folder next to the target and moved into place in one rename, so nothing
    is written unless everything is valid and a failure leaves the old submission as it was.
    """
    from bench.dataset import load_split

    why = check_slug(slug)
    if why:
        raise ProblemsFound([Problem(str(slug), None, why)])
    root = Path(root)
    base = root / "submissions"
    target = base / slug
    problems = _target_problems(base, target, force)
    sources = ((Path(predictions), "predictions.jsonl", MAX_PREDICTIONS_BYTES), (Path(meta), "meta.yaml", MAX_META_BYTES))
    for source, _, limit in sources:
        why = _source_problem(source, limit)
        if why:
            problems.append(Problem(str(source), None, why))
    if problems:
        raise ProblemsFound(problems)
    allowed, problems = maintainers_baselines(root)
    problems += load_meta(Path(meta), baseline_allowed=slug in allowed)[1]
    problems += check_predictions(Path(predictions), load_split("test", data_dir))
    if problems:
        raise ProblemsFound(problems)
    digest = file_digest(Path(predictions))
    for other in discover(root)[0]:
        if other.slug != slug and file_digest(other.folder / "predictions.jsonl") == digest:
            raise ProblemsFound([Problem(str(predictions), None, f"byte-identical to the predictions of submission "
                                                                 f"{other.slug!r}; one system, one submission")])
    _install(base, target, sources)
    return target


def _target_problems(base: Path, target: Path, force: bool) -> list[Problem]:
    if base.is_symlink() or (base.exists() and not base.is_dir()):
        return [Problem(str(base), None, "is a symbolic link or not a folder; refusing to write through it")]
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        return [Problem(str(target), None, "is a symbolic link or not a folder; refusing to write through it")]
    if target.exists() and not force:
        return [Problem(str(target), None, "a submission with this slug exists; pass --force to replace it")]
    return []


def _source_problem(path: Path, limit: int) -> Optional[str]:
    try:
        st = path.stat()
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if not path.is_file():
        return "not a regular file"
    return f"{st.st_size:,} bytes; the limit is {limit:,}" if st.st_size > limit else None


def _copy_capped(source: Path, dest: Path, limit: int) -> None:
    """Stream `source` to `dest`, failing if it grew past `limit` since it was checked."""
    copied = 0
    with open(source, "rb") as src, open(dest, "xb") as out:
        for block in iter(lambda: src.read(COPY_BLOCK), b""):
            copied += len(block)
            if copied > limit:
                raise ProblemsFound([Problem(str(source), None, f"over the limit of {limit:,} bytes")])
            out.write(block)


def _install(base: Path, target: Path, sources) -> None:
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=base, prefix=f".{target.name}.", suffix=".tmp"))
    old = None
    try:
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it 0700; a submission folder is public
        for source, name, limit in sources:
            _copy_capped(source, staging / name, limit)
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=base, prefix=f".{target.name}.", suffix=".old"))
            os.rmdir(old)
            os.rename(target, old)
        os.rename(staging, target)
    except BaseException:
        if old is not None and old.exists() and not target.exists():
            os.rename(old, target)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
