"""The sources this program syncs, each declared once, by its own package.

A source is a package under ``collectors/`` with a ``source.py`` that calls :func:`register_source`
with a :class:`Source`: its name (the ``[name]`` section of ``footprint.toml``, the ``name:`` prefix of
its event ids and raw identities), the pydantic model of that section, the kinds of events it writes
(each with its attrs struct, :mod:`collectors.kinds`) and its collector class, imported only when the
source is synced. Nothing else names a source: config validation, ``footprint sync --source``, the
store's checks, the Data health page and the documentation check all read :func:`registered_sources`.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .kinds import Kind

if TYPE_CHECKING:
    from .base import Collector
    from .config import SourceSection

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Source:
    """One source: ``name``, its config ``section`` model, the ``kinds`` it writes and its
    ``collector`` as ``"module:Class"``."""

    name: str
    section: type[SourceSection]
    kinds: tuple[Kind, ...]
    collector: str

    def collector_class(self) -> type[Collector]:
        module, _, name = self.collector.partition(":")
        return getattr(importlib.import_module(module), name)


_SOURCES: dict[str, Source] = {}
_KINDS: dict[str, Kind] = {}
_found_packages = False


def register_source(source: Source) -> Source:
    """Add ``source`` to the registry (again: no change); ``ValueError`` for a name that is taken by
    another source or by a config section, or a kind another source declares differently."""
    from .config import RESERVED_SECTIONS

    _import_source_packages()  # the packages' own sources come first, whoever registers first
    if not _NAME.match(source.name) or source.name in RESERVED_SECTIONS:
        raise ValueError(
            f"source name {source.name!r}: lower-case letters, digits and _, and not a section of the file"
        )
    if _SOURCES.get(source.name, source) != source:
        raise ValueError(f"source {source.name!r} is declared twice")
    for kind in source.kinds:
        if _KINDS.get(kind.name, kind) != kind:
            raise ValueError(
                f"kind {kind.name!r} of source {source.name!r} is declared differently elsewhere"
            )
    _SOURCES[source.name] = source
    _KINDS.update((kind.name, kind) for kind in source.kinds)
    return source


def _import_source_packages() -> None:
    """Import ``source.py`` of every package under ``collectors/`` that has one, in name order."""
    global _found_packages
    if _found_packages:
        return
    _found_packages = True
    for declaration in sorted(Path(__file__).parent.glob("*/source.py")):
        importlib.import_module(f"{__package__}.{declaration.parent.name}.source")


def registered_sources() -> tuple[Source, ...]:
    """Every source: the packages under ``collectors/`` first (by name), then any registered since."""
    _import_source_packages()
    return tuple(_SOURCES.values())


def source_named(name: str) -> Source | None:
    """The registered source ``name``, or None."""
    _import_source_packages()
    return _SOURCES.get(name)


def kind_named(name: str) -> Kind:
    """The registered kind ``name``; ``ValueError`` for a kind no source writes."""
    _import_source_packages()
    found = _KINDS.get(name)
    if found is None:
        raise ValueError(f"unknown kind {name!r}; known: {', '.join(sorted(_KINDS))}")
    return found
