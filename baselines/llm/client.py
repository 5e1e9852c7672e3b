"""Chat completions from any OpenAI-compatible endpoint (vLLM, llama.cpp, `transformers serve`, a hosted API).

`ChatClient.complete(messages)` sends one request with the configured sampling parameters, consults the
response cache first, retries 429 and 5xx replies and timeouts with exponential backoff, and returns a
`Reply` that says what happened (cached or not, retries, tokens). When the server rejects the JSON Schema
`response_format` (a 400 or 422 that names it), the client asks again without it, remembers that for the
rest of the run and reports it; the tolerant parser then reads the free-form answer. An endpoint that cannot
be reached at all raises `EndpointError` naming the URL, so a run stops with one clear line instead of a
failure per document.

The API key is read from the environment variable named by `api_key_env`, never from a file; local servers
need none.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Optional

from baselines.llm.cache import ResponseCache, cache_key


class EndpointError(RuntimeError):
    """The endpoint cannot be used at all (unreachable, unknown model, refused key): stop the run."""


class RequestFailed(RuntimeError):
    """One request failed after every retry (timeouts, server errors); the document gets no claims."""


@dataclass
class Reply:
    content: Optional[str]
    finish_reason: Optional[str]
    prompt_tokens: int
    completion_tokens: int
    cached: bool
    retries: int = 0
    seconds: float = 0.0
    structured: bool = False          # sent with the JSON Schema response_format
    key: str = ""


@dataclass
class Sampling:
    """Decoding settings sent with every request (all part of the cache key)."""

    temperature: float = 0.0
    max_tokens: int = 512
    seed: Optional[int] = 0
    top_p: Optional[float] = None

    def as_request(self) -> dict[str, Any]:
        out: dict[str, Any] = {"temperature": self.temperature, "max_tokens": self.max_tokens}
        if self.seed is not None:
            out["seed"] = self.seed
        if self.top_p is not None:
            out["top_p"] = self.top_p
        return out


@dataclass
class ClientCounters:
    requests: int = 0           # HTTP requests sent (retries included)
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0           # requests that failed after every retry
    prompt_tokens: int = 0      # of replies received from the server (not from the cache)
    completion_tokens: int = 0
    structured_output: Optional[bool] = None   # None until the server answers a structured request
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **kw: int) -> None:
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)


RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}


class ChatClient:
    def __init__(self, base_url: str, model: str, *, api_key_env: Optional[str] = None, sampling: Sampling,
                 timeout_s: float = 120.0, retries: int = 3, backoff_s: float = 1.0,
                 structured_output: bool = True, cache: Optional[ResponseCache] = None,
                 response_format: Optional[dict] = None):
        try:
            import openai
        except ImportError:
            raise RuntimeError("model=llm needs the `openai` package: pip install 'claimbench[llm]'") from None
        self.openai = openai
        # One INFO line per request from the HTTP layer would break the progress bar; the run reports counts.
        for name in ("httpx", "httpx2", "httpcore", "openai"):
            logging.getLogger(name).setLevel(logging.WARNING)
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.sampling = sampling
        self.retries = max(0, int(retries))
        self.backoff_s = backoff_s
        self.cache = cache
        self.response_format = response_format if structured_output else None
        self._structured_rejected = False
        self.counters = ClientCounters()
        key = os.environ.get(api_key_env) if api_key_env else None
        if api_key_env and not key and not _is_local(self.base_url):
            raise EndpointError(f"{self.base_url}: the API key variable {api_key_env} is not set")
        # max_retries=0: the retry loop below counts and reports every retry itself.
        self._client = openai.OpenAI(base_url=self.base_url, api_key=key or "not-needed", timeout=timeout_s,
                                     max_retries=0)

    def request_for(self, messages: list[dict]) -> dict[str, Any]:
        """The request as configured: what the cache key covers."""
        req = {"endpoint": self.base_url, "model": self.model, "messages": messages, **self.sampling.as_request()}
        if self.response_format is not None:
            req["response_format"] = self.response_format
        return req

    def complete(self, messages: list[dict]) -> Reply:
        request = self.request_for(messages)
        key = cache_key(request)
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                self.counters.add(cache_hits=1)
                return Reply(hit["content"], hit.get("finish_reason"), hit.get("prompt_tokens", 0),
                             hit.get("completion_tokens", 0), cached=True, structured=hit.get("structured", False),
                             key=key)
        t0 = time.perf_counter()
        reply = self._send(messages)
        reply.seconds = time.perf_counter() - t0
        reply.key = key
        if self.cache is not None:
            self.cache.put(key, request, {"content": reply.content, "finish_reason": reply.finish_reason,
                                          "prompt_tokens": reply.prompt_tokens,
                                          "completion_tokens": reply.completion_tokens,
                                          "structured": reply.structured})
        return reply

    def _send(self, messages: list[dict]) -> Reply:
        attempt = 0
        while True:
            structured = self.response_format is not None and not self._structured_rejected
            kwargs: dict[str, Any] = {"model": self.model, "messages": messages, **self.sampling.as_request()}
            if structured:
                kwargs["response_format"] = self.response_format
            self.counters.add(requests=1)
            try:
                response = self._client.chat.completions.create(**kwargs)
            except self.openai.APITimeoutError as exc:
                error: Exception = exc
                why = f"timed out after {self._client.timeout}s"
            except self.openai.APIConnectionError as exc:
                if attempt >= self.retries:
                    raise EndpointError(f"cannot reach the LLM endpoint {self.base_url} ({_cause(exc)}); start "
                                        "the server or set model.base_url") from None
                error, why = exc, f"connection failed ({_cause(exc)})"
            except self.openai.APIStatusError as exc:
                status = exc.status_code
                if structured and status in (400, 422) and _mentions_format(exc):
                    self._structured_rejected = True
                    with self.counters.lock:
                        self.counters.structured_output = False
                    continue  # ask again without response_format (not a retry of a failure)
                if status in (401, 403):
                    raise EndpointError(f"{self.base_url} refused the request ({status}): check the API key "
                                        "variable named by model.api_key_env") from None
                if status == 404:
                    raise EndpointError(f"{self.base_url} has no model {self.model!r} or no /chat/completions "
                                        f"route (404): {_message(exc)}") from None
                if status not in RETRY_STATUS:
                    raise EndpointError(f"{self.base_url} rejected the request ({status}): {_message(exc)}") from None
                error, why = exc, f"HTTP {status}"
            else:
                return self._reply(response, structured, attempt)
            if attempt >= self.retries:
                self.counters.add(failures=1)
                raise RequestFailed(f"{self.base_url}: {why}; gave up after {attempt + 1} attempt(s)") from error
            attempt += 1
            self.counters.add(retries=1)
            # Exponential backoff with jitter; the server's Retry-After wins when it sends one.
            delay = _retry_after(error) or self.backoff_s * (2 ** (attempt - 1)) * (0.5 + random.random())
            time.sleep(min(delay, 60.0))

    def _reply(self, response: Any, structured: bool, attempt: int) -> Reply:
        choice = response.choices[0] if getattr(response, "choices", None) else None
        content = choice.message.content if choice is not None and choice.message is not None else None
        usage = getattr(response, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        self.counters.add(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
        if structured:
            with self.counters.lock:
                self.counters.structured_output = True
        return Reply(content, getattr(choice, "finish_reason", None), prompt_tokens, completion_tokens,
                     cached=False, retries=attempt, structured=structured)

    def close(self) -> None:
        self._client.close()


def _is_local(url: str) -> bool:
    from urllib.parse import urlparse

    return (urlparse(url).hostname or "") in ("127.0.0.1", "localhost", "::1", "0.0.0.0")


def _cause(exc: BaseException) -> str:
    inner = exc.__cause__ or exc.__context__
    return f"{type(inner).__name__}: {inner}" if inner else str(exc)


def _message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:300]
        if isinstance(err, str):
            return err[:300]
    return str(exc)[:300]


def _mentions_format(exc: Any) -> bool:
    text = (_message(exc) + " " + str(getattr(exc, "body", ""))).lower()
    return any(w in text for w in ("response_format", "json_schema", "response format", "guided", "grammar"))


def _retry_after(exc: Any) -> Optional[float]:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    try:
        value = float(headers.get("retry-after", ""))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= 60 else None
