"""A scripted OpenAI-compatible endpoint on 127.0.0.1 for the failure paths a real model server cannot be made
to produce on demand (429, 5xx, a reply slower than the timeout, a 422 for response_format).

It is a real HTTP server on a real socket, spoken to by the real `openai` client; only its answers are
scripted. Each request pops the next step of `script`; when the script is empty it answers `default`.
Steps: ("ok", content), ("status", code, message), ("sleep", seconds, content).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ScriptedEndpoint:
    def __init__(self, script=(), default=("ok", '{"claims": []}'), reject_response_format=False):
        self.script = list(script)
        self.default = default
        self.reject_response_format = reject_response_format
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                with endpoint.lock:
                    endpoint.requests.append(body)
                    step = endpoint.script.pop(0) if endpoint.script else endpoint.default
                if endpoint.reject_response_format and "response_format" in body:
                    return self._send(422, {"error": {"message": "response_format is not supported"}})
                if step[0] == "status":
                    return self._send(step[1], {"error": {"message": step[2]}})
                if step[0] == "sleep":
                    time.sleep(step[1])
                    step = ("ok", step[2])
                self._send(200, {
                    "id": "x", "object": "chat.completion", "created": 0, "model": body.get("model", ""),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": step[1]}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})

            def _send(self, code, payload):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(code)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
