"""Fault injection for the fake GitHub: what goes wrong, on which endpoint, how often."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Fault:
    """One planned failure.

    ``kind``: ``status`` (answer ``status`` with GitHub's error body), ``reset`` (drop the TCP connection
    with an RST, no response), ``secondary`` (403 secondary rate limit with ``Retry-After``),
    ``too_many`` (429 with ``Retry-After``), ``primary`` (exhaust the primary limit for ``reset_in``
    seconds; every request until then is refused as GitHub does). ``endpoint`` is ``graphql``, ``rest``
    or ``any``; ``skip`` lets that many matching requests through first; ``times`` is how many fail;
    ``every`` > 1 fails only every ``every``-th matching request (5: the 5th, 10th, ...), retries included.
    A fault earlier in the plan that fires takes the request, so put ``every`` faults first.
    ``operation`` limits a fault to GraphQL queries of that operation name (``FollowUp``, ...).
    """

    kind: str
    endpoint: str = "graphql"
    times: int = 1
    skip: int = 0
    status: int = 502
    retry_after: int | None = 1  # None: no Retry-After header
    reset_in: float = 2.0
    every: int = 1
    operation: str | None = None
    seen: int = 0


class FaultPlan:
    """Thread-safe list of planned faults; :meth:`take` returns the fault for the next request, if any."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.injected = 0

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, endpoint: str, operation: str | None = None) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.times <= 0 or fault.endpoint not in (endpoint, "any"):
                    continue
                if fault.operation is not None and fault.operation != operation:
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.seen += 1
                if fault.seen % fault.every:
                    continue
                fault.times -= 1
                self.injected += 1
                return fault
        return None
