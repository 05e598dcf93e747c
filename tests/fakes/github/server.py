"""The fake GitHub served over real HTTP on 127.0.0.1: REST v3 and GraphQL, github.com and GHES paths.

``/graphql`` and ``/api/graphql`` (GHES) take GraphQL POSTs; REST is served at the root and under
``/api/v3`` (GHES). Every response carries ``x-ratelimit-*`` headers; errors have GitHub's shapes
(``{"message": "Bad credentials", "documentation_url": ...}``). Requests are counted per path in
:attr:`FakeGitHub.hits`. Faults (:mod:`.faults`), a heavy-query threshold (502 above it, as GitHub times
out), a per-request delay and a hold (block the n-th GraphQL request until released) make every
failure mode reproducible. Issue search (``/search/issues``, :mod:`.rest_search`) has its own rate limit
in :attr:`FakeGitHub.search_limits`; people and teams are served by :mod:`.rest_org`.
``legacy_id_types`` serves a schema whose types of those names lack ``fullDatabaseId``, as older GitHub
Enterprise Server releases do.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .faults import Fault, FaultPlan
from .graphql_api import MAX_NODES, GraphQLEndpoint, github_schema, query_size
from .rest_org import answer_org
from .rest_search import SearchLimits, answer_search
from .world import World

DOCS = "https://docs.github.com/rest"
SECONDARY = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID."
)
LIMIT = 5000


class RateWindow:
    """One resource's primary rate limit (``core`` or ``graphql``)."""

    def __init__(self) -> None:
        self.reset = int(time.time()) + 3600
        self.used = 0
        self.blocked_until = 0.0

    @property
    def remaining(self) -> int:
        if time.time() < self.blocked_until:
            return 0
        return max(0, LIMIT - self.used)

    def headers(self, resource: str) -> dict[str, str]:
        reset = int(self.blocked_until) + 1 if time.time() < self.blocked_until else self.reset
        return {
            "x-ratelimit-limit": str(LIMIT),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(reset),
            "x-ratelimit-used": str(LIMIT - self.remaining),
            "x-ratelimit-resource": resource,
        }

    def as_rest(self) -> dict[str, int]:
        return {
            "limit": LIMIT,
            "remaining": self.remaining,
            "reset": self.reset,
            "used": LIMIT - self.remaining,
        }


class FakeGitHub:
    """Start with :meth:`start` (or as a context manager); ``api_url(ghes=)`` is what a config points at."""

    def __init__(self, world: World, *, legacy_id_types: frozenset[str] = frozenset()) -> None:
        self.world = world
        self.faults = FaultPlan()
        self.hits: Counter[str] = Counter()
        self.log: list[tuple[str, str, int]] = []  # (method, path, status)
        self.graphql_bodies: list[dict[str, Any]] = []
        self.heavy_nodes: int | None = None
        self.delay = 0.0
        self.hold_at: int | None = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.search_limits = SearchLimits()  # 30 searches a minute, as on github.com
        self.rates: dict[str, Any] = {
            "core": RateWindow(),
            "graphql": RateWindow(),
            "search": self.search_limits,
        }
        self.graphql = GraphQLEndpoint(world, github_schema(frozenset(legacy_id_types)))
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def api_url(self, *, ghes: bool = False) -> str:
        return f"http://127.0.0.1:{self.port}" + ("/api/v3" if ghes else "")

    # -- counters ---------------------------------------------------------------------------------

    def graphql_requests(self) -> int:
        return self.hits["/graphql"] + self.hits["/api/graphql"]

    def total_requests(self) -> int:
        return sum(self.hits.values())

    def reset_counters(self) -> None:
        with self._lock:
            self.hits.clear()
            self.log.clear()
            self.graphql_bodies.clear()

    def record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.log.append((method, path, status))


def _operation(body: bytes) -> str | None:
    """The operation name of a GraphQL POST (``query FollowUp(...)`` -> ``FollowUp``), if it has one."""
    try:
        query = json.loads(body or b"{}").get("query")
    except (json.JSONDecodeError, AttributeError):
        return None
    if not isinstance(query, str) or not query.startswith("query "):
        return None
    return query[len("query ") :].split("(", 1)[0].split("{", 1)[0].strip() or None


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # -- plumbing ---------------------------------------------------------------------------------

    def _send(
        self, status: int, body: Any, headers: dict[str, str] | None = None, resource: str = "core"
    ) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in {**self.fake.rates[resource].headers(resource), **(headers or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
        self.fake.record(self.command, urlsplit(self.path).path, status)

    def _error(
        self, status: int, message: str, headers: dict[str, str] | None = None, resource: str = "core"
    ) -> None:
        self._send(
            status, {"message": message, "documentation_url": DOCS, "status": str(status)}, headers, resource
        )

    def _reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()
        self.fake.record(self.command, urlsplit(self.path).path, 0)

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        return scheme.lower() in ("token", "bearer") and token == self.fake.world.token

    def _apply_fault(self, fault: Fault, resource: str) -> bool:
        """Answer with ``fault``; False when the fault only changed state and the request goes on."""
        if fault.kind == "reset":
            self._reset()
        elif fault.kind == "status":
            self._error(
                fault.status,
                {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}.get(
                    fault.status, "Server Error"
                ),
                resource=resource,
            )
        elif fault.kind == "secondary":
            retry_after = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
            self._error(403, SECONDARY, retry_after, resource)
        elif fault.kind == "too_many":
            self._error(429, "Too Many Requests", {"Retry-After": str(fault.retry_after)}, resource)
        elif fault.kind == "primary":
            for window in self.fake.rates.values():
                window.blocked_until = time.time() + fault.reset_in
            return False
        return True

    def _route(self) -> tuple[str, str]:
        """``(endpoint, path)`` with the GHES prefix removed from REST paths."""
        path = urlsplit(self.path).path
        if path in ("/graphql", "/api/graphql"):
            return "graphql", path
        if path.startswith("/api/v3/"):
            return "rest", path[len("/api/v3") :]
        return "rest", path

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        raw_path = urlsplit(self.path).path
        with self.fake._lock:
            self.fake.hits[raw_path] += 1
        endpoint, path = self._route()
        resource = "graphql" if endpoint == "graphql" else "core"
        if not self._authorised():
            self._error(401, "Bad credentials", resource=resource)
            return
        fault = self.fake.faults.take(endpoint, _operation(body) if endpoint == "graphql" else None)
        if fault is not None and self._apply_fault(fault, resource):
            return
        if endpoint == "graphql":
            self._graphql(body)
        else:
            self._rest(path)

    do_GET = do_POST = _handle

    # -- REST -------------------------------------------------------------------------------------

    def _rest(self, path: str) -> None:
        fake, world = self.fake, self.fake.world
        base = fake.api_url(ghes=self.path.startswith("/api/v3/"))
        parts = [p for p in path.split("/") if p]
        if parts == ["rate_limit"]:
            core, graphql = fake.rates["core"].as_rest(), fake.rates["graphql"].as_rest()
            self._send(200, {"resources": {"core": core, "graphql": graphql}, "rate": core})
            return
        if parts == ["search", "issues"]:  # the search API has a rate limit of its own
            answer_search(self, base)
            return
        window = fake.rates["core"]
        if window.remaining == 0:
            self._error(403, "API rate limit exceeded for user ID 1.")
            return
        window.used += 1
        if answer_org(self, parts, base):
            return
        if len(parts) == 3 and parts[0] == "repos" and world.repo(f"{parts[1]}/{parts[2]}"):
            self._send(200, world.repo(f"{parts[1]}/{parts[2]}").rest(base))  # type: ignore[union-attr]
        elif len(parts) == 2 and parts[0] == "orgs" and parts[1].lower() in world.orgs:
            self._send(
                200, {"login": parts[1], "id": 2, "type": "Organization", "url": f"{base}/orgs/{parts[1]}"}
            )
        elif (
            len(parts) == 3 and parts[0] == "orgs" and parts[2] == "repos" and parts[1].lower() in world.orgs
        ):
            self._org_repos(base, parts[1])
        else:
            self._error(404, "Not Found")

    def _org_repos(self, base: str, org: str) -> None:
        query = parse_qs(urlsplit(self.path).query)
        per_page = min(100, int(query.get("per_page", ["30"])[0]))
        page = max(1, int(query.get("page", ["1"])[0]))
        names = sorted(self.fake.world.orgs[org.lower()], key=str.lower)
        repos = [self.fake.world.repo(name) for name in names]
        chunk = repos[(page - 1) * per_page : page * per_page]
        last = max(1, -(-len(repos) // per_page))
        links = []
        url = f"{base}/orgs/{org}/repos?per_page={per_page}&page="
        if page < last:
            links += [f'<{url}{page + 1}>; rel="next"', f'<{url}{last}>; rel="last"']
        if page > 1:
            links += [f'<{url}{page - 1}>; rel="prev"', f'<{url}1>; rel="first"']
        headers = {"Link": ", ".join(links)} if links else {}
        self._send(200, [repo.rest(base) for repo in chunk if repo is not None], headers)

    # -- GraphQL ----------------------------------------------------------------------------------

    def _graphql(self, body: bytes) -> None:
        fake = self.fake
        if self.command != "POST":
            self._error(404, "Not Found", resource="graphql")
            return
        document, variables, problem = fake.graphql.prepare(body)
        if document is None:
            self._send(200 if "errors" in (problem or {}) else 400, problem, resource="graphql")
            return
        with fake._lock:
            fake.graphql_bodies.append(json.loads(body))
            number = len(fake.graphql_bodies)
        if fake.hold_at is not None and number == fake.hold_at:
            fake.held.set()
            fake.release.wait(60)
        if fake.delay:
            time.sleep(fake.delay)
        window = fake.rates["graphql"]
        if window.remaining == 0:
            message = "API rate limit already exceeded for user ID 1."
            self._send(200, {"errors": [{"type": "RATE_LIMITED", "message": message}]}, resource="graphql")
            return
        nodes, cost = query_size(document, variables)
        if nodes > MAX_NODES:
            message = (
                f"This query requests up to {nodes} possible nodes which exceeds the maximum limit of "
                f"{MAX_NODES}."
            )
            self._send(
                200, {"errors": [{"type": "MAX_NODE_LIMIT_EXCEEDED", "message": message}]}, resource="graphql"
            )
            return
        if fake.heavy_nodes is not None and nodes > fake.heavy_nodes:
            # GitHub gives up on queries that take too long with a bare 502.
            self._error(502, "Bad Gateway", resource="graphql")
            return
        window.used += cost
        rate = {
            "cost": cost,
            "limit": LIMIT,
            "remaining": window.remaining,
            "used": window.used,
            "resetAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(window.reset)),
            "nodeCount": nodes,
        }
        self._send(200, fake.graphql.run(document, variables, rate), resource="graphql")
