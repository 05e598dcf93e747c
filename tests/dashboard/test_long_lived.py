"""The dashboard process freezes what it keeps after its first run (dashboard/long_lived.py), once."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import long_lived


def test_the_first_run_freezes_what_the_process_keeps_and_later_runs_do_not(
    app: Callable[..., AppTest], demo_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(long_lived, "_frozen", False)  # as in a new process
    calls: list[bool] = []
    freeze_once = long_lived.freeze_once
    monkeypatch.setattr(long_lived, "freeze_once", lambda: calls.append(freeze_once()) or calls[-1])
    at = app(demo_config, "overview")
    assert not at.exception
    frozen = gc.get_freeze_count()
    assert calls == [True] and frozen > 50_000, "Streamlit's, pandas' and the pages' objects"
    at.run()
    assert calls == [True, False], "once per process"
    # a full collection now traverses only what the runs made since (the frozen objects are not listed)
    assert len(gc.get_objects()) < frozen / 4
