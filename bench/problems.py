"""Problems found in input files, reported as `file:line: document: field: what was expected`.

Every user-facing check in ClaimBench reports through `Problem`, so the CLI can print all of them and exit
non-zero without a traceback. `RecordError` is raised by parsers for the first bad field of one record; the
caller adds the file and line and turns it into a `Problem`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Optional


class RecordError(ValueError):
    """A bad field inside one record; `field` is a dotted path such as `claims[2].toll.low`."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Problem:
    file: str
    line: Optional[int]
    message: str
    doc_id: Optional[str] = None
    field: Optional[str] = None
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        file = _display_path(self.file)
        where = file if self.line is None else f"{file}:{self.line}"
        parts = [where]
        if self.doc_id:
            parts.append(f"document {self.doc_id}")
        if self.field:
            parts.append(self.field)
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{': '.join(parts)}: {prefix}{self.message}"


def _display_path(path: str) -> str:
    """Paths under the working directory are shown relative to it, as editors and compilers do."""
    try:
        return os.path.relpath(path) if os.path.isabs(path) and not os.path.relpath(path).startswith("..") else path
    except ValueError:  # another drive on Windows
        return path


class ProblemsFound(Exception):
    """Raised by library calls that cannot go on; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
