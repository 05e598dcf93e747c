"""Why a host could not be reached, in a few words: DNS, refused, TLS, timeout or reset.

requests and urllib3 wrap the operating system's error several layers deep (``ConnectionError`` around
``MaxRetryError`` around ``NewConnectionError`` around ``ConnectionRefusedError``); :func:`cause` walks
that chain and names the first cause a person can act on.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from urllib.parse import urlsplit

from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it wraps: ``__cause__``, ``__context__``, ``reason`` and exception args."""
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        nested += [arg for arg in current.args if isinstance(arg, BaseException)]
        pending += [item for item in nested if isinstance(item, BaseException)]


def cause(exc: BaseException, url: str, timeout: float) -> str:
    """A short phrase for why ``url`` could not be reached, e.g. ``"DNS: cannot resolve api.x.com"``."""
    host = urlsplit(url).hostname or url
    chain = list(_chain(exc))
    for item in chain:
        if isinstance(item, NameResolutionError | socket.gaierror):
            return f"DNS: cannot resolve {host}"
    for item in chain:
        if isinstance(item, ConnectionRefusedError):
            return "connection refused"
        if isinstance(item, ssl.SSLError):
            reason = getattr(item, "reason", None) or type(item).__name__
            return f"TLS handshake failed: {str(reason).lower().replace('_', ' ')}"
    for item in chain:
        if isinstance(item, ReadTimeoutError):
            return f"no answer within {timeout:.0f} s"
        if isinstance(item, NewConnectionError):
            continue  # urllib3 derives it from ConnectTimeoutError; its OS error says more
        if isinstance(item, ConnectTimeoutError | TimeoutError):
            return f"no connection within {timeout:.0f} s"
    for item in chain:
        if isinstance(item, ConnectionResetError | ProtocolError):
            return "the connection was reset"
    for item in chain:
        if isinstance(item, OSError) and item.strerror:
            return item.strerror.lower()
    return type(exc).__name__
