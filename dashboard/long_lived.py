"""Keeping the garbage collector off what a dashboard process keeps for its whole life.

After a process's first run its heap holds about 209,000 objects the cyclic garbage collector tracks
(Streamlit's, Altair's and pandas' modules and classes, the project's, the page scripts' code) that live
as long as the process. Each full collection traverses all of them: about 70 ms at 5,000,000 events,
landing now and then in a filter change (issue 18: a team change on *My footprint* took 0.63 s with one,
0.53 s without). :func:`freeze_once` moves them, once per process, to the collector's permanent
generation (``gc.freeze``): later collections only look at what was made after. Objects are still freed
by reference counting as before; only cyclic garbage among the frozen ones is never collected, and the
first run's garbage is collected just before freezing, so that is bounded and made once.

The flag lives here, in an imported module, because Streamlit executes the entry script anew on every
run.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_once() -> bool:
    """Collect, then freeze every object the collector tracks, the first time this process calls it;
    whether this call did."""
    global _frozen
    with _lock:
        if _frozen:
            return False
        _frozen = True
    gc.collect()
    gc.freeze()
    return True


__all__ = ["freeze_once"]
