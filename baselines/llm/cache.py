"""A response cache in one sqlite file, so a re-run or a re-score sends no request.

The key is a SHA-256 over everything that decides the answer: the endpoint, the model name, the full list of
messages, the sampling parameters and the response format. Anything else (concurrency, timeouts, retries)
leaves the key alone, so a slower or faster re-run still hits. Only successful replies are stored: a
timeout or a server error is never cached. The file is safe to share between runs and processes (sqlite
serialises writers); point `cache_dir` at one folder and a whole sweep, or a colleague given the file,
replays without a server.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Optional

SCHEMA_VERSION = 1


def cache_key(request: dict[str, Any]) -> str:
    """Stable key of a request (sorted keys, no whitespace, unicode kept as is)."""
    blob = json.dumps({"v": SCHEMA_VERSION, **request}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """sqlite-backed map from `cache_key(request)` to the reply (content, usage and finish reason)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, request TEXT NOT NULL, "
                         "response TEXT NOT NULL, created REAL NOT NULL)")
        self._db.commit()

    def get(self, key: str) -> Optional[dict[str, Any]]:
        with self._lock:
            row = self._db.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, request: dict[str, Any], response: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)",
                             (key, json.dumps(request, ensure_ascii=False), json.dumps(response, ensure_ascii=False),
                              time.time()))
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
