"""What stored evidence was computed with: a digest of the config sections metrics read, and a version
per rule (its declaration and its module's source) plus the engine's and the text classifier's. Any
difference marks the stored tables stale: the next compute rebuilds them."""

from __future__ import annotations

import hashlib
import inspect
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from collectors.config import Config

from ..rules import RULES
from ..textcache import classifier_version

#: Modules every rule's result depends on besides its own.
ENGINE_MODULES = (
    "metrics.engine",
    "metrics.evidence",
    "metrics.footprint",
    "metrics.identities",
    "metrics.prepare",
    "metrics.teams",
    "metrics.kinds",
    "metrics.rules.base",
    "metrics.stored.compute",
)
#: Modules the stored tables beside the evidence are made by (strength and why, the team's acts and
#: measures, retro mentions, waiting spans, feedback acts, issue labels): a change to one marks them
#: stale too.
STORED_MODULES = (
    "metrics.strength",
    "metrics.measures.base",
    "metrics.measures.blocked",
    "metrics.measures.first_response",
    "metrics.opportunities.base",
    "metrics.opportunities.spans",
    "metrics.opportunities.feedback",
    "metrics.opportunities.recurring",
    "metrics.textclass.feedback",
    "metrics.stored.tables",
    "metrics.stored.team_tables",
    "metrics.stored.item_footprints",
    "metrics.stored.retro_mentions",
    "metrics.stored.waiting_spans",
    "metrics.stored.feedback_acts",
    "metrics.stored.issue_labels",
    "metrics.stored.context_table",
)


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def config_digest(config: Config) -> str:
    """SHA-256 of what metrics read from the config: people, teams, behaviours, exclusions."""
    data = config.model_dump(mode="json", include={"people", "teams", "behaviours"})
    data["exclude"] = sorted(config.access.exclude)
    return _sha(json.dumps(data, sort_keys=True))


def _module_source(name: str) -> str:
    module = sys.modules.get(name) or __import__(name, fromlist=["_"])
    return Path(inspect.getfile(module)).read_text("utf-8")


@cache
def rule_versions() -> dict[str, str]:
    """``{rule id: sha}`` (its declaration and module source), ``engine``, ``stored`` (the modules of
    :data:`STORED_MODULES`) and ``classifier``."""
    versions = {}
    for rule in RULES:
        declared = json.dumps([rule.id, rule.weight, rule.description, rule.reason])
        versions[rule.id] = _sha(declared + _module_source(rule.select.__module__))[:16]
    versions["engine"] = _sha("".join(_module_source(name) for name in ENGINE_MODULES))[:16]
    versions["stored"] = _sha("".join(_module_source(name) for name in STORED_MODULES))[:16]
    versions["classifier"] = classifier_version()
    return versions


@dataclass(frozen=True)
class Digest:
    """``computed_with`` (short, on every stored row) and the full record behind it."""

    computed_with: str
    config: str
    rules: dict[str, str]

    @classmethod
    def of(cls, config: Config) -> Digest:
        digest, versions = config_digest(config), rule_versions()
        short = _sha(digest + json.dumps(versions, sort_keys=True))[:16]
        return cls(short, digest, versions)
