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
    """A bad field inside one record; `field` is a dotted path such as `claims[2].toll.low`.

    A parser that checks every field of a record before giving up raises the first error with the others
    in `all` (the first included), so callers can report every problem at once."""

    def __init__(self, field: str, message: str, all: Optional[list["RecordError"]] = None):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.all = all or [self]


def printable(text: object) -> str:
    """`text` safe to print to a terminal or a CI log: control, format (bidi overrides, zero-width),
    surrogate and other invisible characters are shown as escapes (`\\x1b`, `\\u202e`), so an id or a
    file name cannot move the cursor, erase a line or reorder what a reader sees."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def short_repr(value: object, limit: int = 60) -> str:
    """repr for an error message, cut to `limit` characters: a message quotes what it refuses, never
    megabytes of it."""
    text = repr(value) if not isinstance(value, str) or len(value) <= limit else repr(value[:limit]) + "..."
    return text if len(text) <= limit + 8 else text[:limit] + "..."


def _escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True)
class Problem:
    file: str
    line: Optional[int]
    message: str
    doc_id: Optional[str] = None
    field: Optional[str] = None
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        # Every part may come from a submission (a document id, a field name, a file name): all printable.
        file = printable(_display_path(self.file))
        where = file if self.line is None else f"{file}:{self.line}"
        parts = [where]
        if self.doc_id:
            doc_id = self.doc_id if len(self.doc_id) <= 100 else self.doc_id[:100] + "..."
            parts.append(f"document {printable(doc_id)}")
        if self.field:
            parts.append(printable(self.field))
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{': '.join(parts)}: {prefix}{printable(self.message)}"


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
