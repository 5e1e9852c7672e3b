"""The output of `claimbench extract`: written to a temporary file beside it and renamed over it, so an
existing output is never truncated and nothing already extracted is lost.

An existing output is resumed: its complete lines are copied first and their ids skipped by the run; a
last line cut short by a killed run is dropped with a warning. The rename happens on success and on
failure or interruption alike (the temporary file only ever holds complete lines), so a rerun continues
where the last one stopped.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Optional

from bench.problems import Problem, ProblemsFound


class ResumableOutput:
    def __init__(self, path: Path, resume: bool = True):
        self.path = Path(path)
        self.done: set[str] = set()
        self.kept = 0
        self.written = 0
        self.warnings: list[str] = []
        self._fh = None
        self._tmp: Optional[str] = None
        self._resume = resume

    def __enter__(self) -> "ResumableOutput":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".partial")
        self._fh = os.fdopen(fd, "w", encoding="utf-8")
        try:
            if self._resume and self.path.exists():
                self._copy_existing()
        except BaseException:
            self._abandon()
            raise
        return self

    def _copy_existing(self) -> None:
        bad_line = None  # a line that is not a prediction: fatal unless it is the last one
        with open(self.path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                if bad_line is not None:
                    raise ProblemsFound([Problem(str(self.path), bad_line, "the existing output has a line that is "
                                                 "not a prediction with an id; fix or move the file (nothing was "
                                                 "changed)")])
                try:
                    record = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    record = None
                if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                    bad_line = lineno
                    continue
                self._fh.write(raw.decode("utf-8").rstrip("\r\n") + "\n")  # kept byte for byte
                self.done.add(record["id"])
                self.kept += 1
        if bad_line is not None:
            self.warnings.append(f"{self.path}:{bad_line}: dropped an incomplete last line (left by an interrupted "
                                 "run); its document is extracted again")

    def write(self, line: str) -> None:
        """One prediction, already serialised as a JSON line (the runners' workers encode them)."""
        self._fh.write(line + "\n")
        self.written += 1

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and not self.written and not self.path.exists():
            self._abandon()  # failed before the first prediction: leave no empty output behind
            return
        # Complete lines only, so the partial result replaces the output even after an error or Ctrl-C.
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.chmod(self._tmp, 0o644)
            os.replace(self._tmp, self.path)
        except BaseException:
            self._abandon()
            raise

    def _abandon(self) -> None:
        if self._fh is not None and not self._fh.closed:
            self._fh.close()
        if self._tmp and os.path.exists(self._tmp):
            os.unlink(self._tmp)
