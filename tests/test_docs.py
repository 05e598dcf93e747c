"""The README's reference is checked against what the program declares, so the two cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from collectors.sources import registered_sources

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_every_key_of_every_source_section_is_documented() -> None:
    for source in registered_sources():
        for key in source.section.model_fields:
            assert f"`{source.name}.{key}`" in README, f"README lacks {source.name}.{key}"


def test_the_sync_command_offers_the_registered_sources() -> None:
    documented = re.search(r"`footprint sync \[--source ([a-z_\\|]+)\]", README)
    assert documented is not None
    assert documented.group(1).split("\\|") == [source.name for source in registered_sources()]
