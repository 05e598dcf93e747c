"""Write a folder all at once: build it under a temporary name beside its target, then rename it in.

A crash or an error while building leaves no target and no temporary folder; a concurrent run of the
same export ends with one complete folder (whichever renamed last). An existing target is replaced
only if it is empty or is itself an export (it holds ``marker``), so a mistyped ``--out`` can never
wipe an unrelated folder.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.errors import UsageError

_SWAP_ATTEMPTS = 5


def _writable_parent(target: Path, option: str) -> Path:
    parent = target.parent
    if target.exists() and not target.is_dir():
        raise UsageError(f"{option} {target}: exists and is not a folder")
    blocker = next((p for p in (parent, *parent.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise UsageError(f"{option} {target}: {blocker} is a file, not a folder")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{option} {target}: cannot create {parent}: {exc.strerror}") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {target}: folder {parent} is not writable")
    return parent


def _check_replaceable(target: Path, marker: str, option: str) -> None:
    if target.is_dir() and any(target.iterdir()) and not (target / marker).exists():
        raise UsageError(
            f"{option} {target}: folder exists and is not a snapshot (no {marker}); not replacing it"
        )


def _swap_in(temp: Path, target: Path) -> None:
    """Rename ``temp`` to ``target``, moving an existing ``target`` aside and deleting it after."""
    for _ in range(_SWAP_ATTEMPTS):
        old: Path | None = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
            try:
                os.replace(target, old)
            except FileNotFoundError:  # a concurrent run moved it first
                old = None
        try:
            os.replace(temp, target)
        except OSError:  # a concurrent run put its folder in between: retry the swap
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            continue
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return
    raise UsageError(f"--out {target}: could not be replaced (another export keeps writing it)")


def check_folder_target(target: Path, *, marker: str, option: str = "--out") -> None:
    """Raise :class:`~dashboard.errors.UsageError` now if :func:`atomic_folder` would refuse
    ``target``, so a command can say so before it opens a store or computes anything."""
    target = Path(target).absolute()
    _writable_parent(target, option)
    _check_replaceable(target, marker, option)


@contextmanager
def atomic_folder(target: Path, *, marker: str, option: str = "--out") -> Iterator[Path]:
    """Yield an empty temporary folder; on success it becomes ``target``, on any error it vanishes.

    Unusable targets (parent not creatable or writable, a file in the way, a non-export folder) raise
    :class:`~dashboard.errors.UsageError` with one line before anything is written.
    """
    target = Path(target).absolute()
    parent = _writable_parent(target, option)
    _check_replaceable(target, marker, option)
    temp = parent / f".{target.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        temp.mkdir()
    except OSError as exc:
        raise UsageError(f"{option} {target}: cannot write in {parent}: {exc.strerror}") from None
    try:
        yield temp
        _swap_in(temp, target)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
