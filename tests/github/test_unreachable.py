"""A host that cannot be reached: one line naming the cause (DNS, refused, TLS, timeout), within about
10 s, nothing written; each cause produced for real on this machine."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from collectors.config import parse_config
from tests.fakes.github import FakeGitHub, World

from .conftest import small_world
from .helpers import sync

Serve = Callable[[World], FakeGitHub]


def _closed_port() -> int:
    with socket.socket() as sock:  # bound then closed: nothing listens there
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def _sync_against(api_url: str, tmp_path: Path) -> tuple[list[str], float, int]:
    config = parse_config(
        {
            "store": {"url": f"sqlite:///{tmp_path / 'a.db'}"},
            "github": {"api_url": api_url, "repos": ["acme/web"]},
        }
    )
    started = time.monotonic()
    result, store = sync(config)
    assert result.status == "failed"
    return result.run.problems, time.monotonic() - started, store.count_events()


def test_refused_connection(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    problems, seconds, events = _sync_against(url, tmp_path)
    assert problems == [f"github (all): cannot reach {url} (connection refused)"]
    assert seconds < 10 and events == 0


def test_tls_handshake_with_a_plain_http_server(serve: Serve, tmp_path: Path) -> None:
    fake = serve(small_world())
    url = f"https://127.0.0.1:{fake.port}"
    problems, seconds, events = _sync_against(url, tmp_path)
    (problem,) = problems
    assert problem.startswith(f"github (all): cannot reach {url} (TLS handshake failed: "), problem
    assert seconds < 10 and events == 0
    assert fake.graphql_requests() == 0  # nothing understandable reached it


def test_a_server_that_never_answers(silent_port: int, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{silent_port}"
    problems, seconds, events = _sync_against(url, tmp_path)
    assert problems == [f"github (all): cannot reach {url} (no answer within 10 s)"]
    assert seconds < 13 and events == 0


def test_a_host_name_that_does_not_resolve(tmp_path: Path) -> None:
    url = "https://nonexistent.invalid"  # .invalid never resolves (RFC 6761)
    problems, seconds, events = _sync_against(url, tmp_path)
    assert problems == [f"github (all): cannot reach {url} (DNS: cannot resolve nonexistent.invalid)"]
    assert seconds < 12 and events == 0
