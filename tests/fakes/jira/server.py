"""The Jira fake's HTTP server: real HTTP on 127.0.0.1, Cloud or Data Center behaviour, faults, counters.

Cloud mode mirrors Jira Cloud today: ``serverInfo.deploymentType == "Cloud"``, basic auth with an email
and API token, users by ``accountId`` only, the enhanced ``/search/jql`` (``nextPageToken``/``isLast``, no
``total``), and the old ``/search`` answering 410 Gone. Data Center mode: ``deploymentType == "Server"``,
bearer personal access tokens, users with ``name``/``key``, ``/search`` with ``startAt``/``total``, no
``/search/jql`` and no ``/issue/{key}/changelog`` (Data Center has neither; a single-issue GET with
``expand=changelog`` returns the whole changelog there).
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .data import JiraData
from .render import Renderer
from .routes import Request, Response, route


@dataclass
class Fault:
    """An injected failure: ``kind`` is ``429``, ``503``, ``reset`` or ``garbage`` (200 with a cut body)."""

    kind: str
    path: str
    times: int
    retry_after: int | None


class FakeJira:
    """A running fake; use as a context manager or call :meth:`start`/:meth:`stop`.

    ``requests`` counts every HTTP request received (faulted ones included); ``paths`` counts them by
    route-relevant path. ``delay`` seconds are slept before each answer (to make kills land mid-sync).
    """

    def __init__(
        self,
        data: JiraData,
        mode: str = "cloud",
        *,
        user: str = "bot@example.com",
        token: str = "fake-token",
        time_zone: str = "Europe/Berlin",
        comment_limit: int = 100,
        history_limit: int = 100,
        delay: float = 0.0,
    ) -> None:
        if mode not in ("cloud", "dc"):
            raise ValueError(f"mode must be cloud or dc, not {mode!r}")
        self.data, self.mode, self.user, self.token = data, mode, user, token
        self.time_zone = time_zone
        self.comment_limit, self.history_limit, self.delay = comment_limit, history_limit, delay
        self.requests = 0
        self.paths: Counter[str] = Counter()
        self.faults: list[Fault] = []
        #: called with the request path after each answer is sent (tests use it to change data mid-sync)
        self.after_request: Callable[[str], None] | None = None
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def cloud(self) -> bool:
        return self.mode == "cloud"

    @property
    def url(self) -> str:
        assert self._httpd is not None, "start the fake first"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def renderer(self) -> Renderer:
        return Renderer(self.data, self.url, self.cloud)

    def fail(self, kind: str, path: str = "", *, times: int = 1, retry_after: int | None = 1) -> None:
        """Make the next ``times`` requests whose path contains ``path`` fail with ``kind``."""
        with self._lock:
            self.faults.append(Fault(kind, path, times, retry_after))

    def reset_counters(self) -> None:
        with self._lock:
            self.requests = 0
            self.paths.clear()

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.path in path and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def authorised(self, header: str | None) -> bool:
        if not header:
            return False
        if self.cloud:
            expected = base64.b64encode(f"{self.user}:{self.token}".encode()).decode()
            return header == f"Basic {expected}"
        return header == f"Bearer {self.token}"

    def start(self) -> FakeJira:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeJira:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler_for(fake: FakeJira) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            self._serve(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {}
            self._serve(body if isinstance(body, dict) else {})

        def _serve(self, body: dict[str, Any] | None) -> None:
            parts = urlsplit(self.path)
            with fake._lock:
                fake.requests += 1
                fake.paths[parts.path] += 1
            if fake.delay:
                time.sleep(fake.delay)
            fault = fake._take_fault(parts.path)
            if fault is not None and self._fault(fault):
                return
            request = Request(
                method=self.command,
                path=parts.path,
                query={k: v for k, v in parse_qs(parts.query, keep_blank_values=True).items()},
                body=body,
                authorised=fake.authorised(self.headers.get("Authorization")),
            )
            self._send(route(fake, request))
            if fake.after_request is not None:
                fake.after_request(parts.path)

        def _fault(self, fault: Fault) -> bool:
            if fault.kind == "reset":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return True
            if fault.kind == "garbage":
                self._send(Response(200, None, raw=b'{"issues": [{"id": '))
                return True
            status = int(fault.kind)
            message = "Rate limit exceeded." if status == 429 else "Service Unavailable"
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            self._send(Response(status, {"errorMessages": [message], "errors": {}}, headers=headers))
            return True

        def _send(self, response: Response) -> None:
            payload = response.raw if response.raw is not None else json.dumps(response.body).encode()
            self.send_response(response.status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler
