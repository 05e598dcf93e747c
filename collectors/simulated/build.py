"""Building the demo: generate the payloads, pass them through the normalisers, write a store.

Determinism: every random choice comes from :class:`random.Random` seeded with ``seed`` (one stream per
source), no wall clock is read while generating, so the same seed always gives the same events in the
same order. Only the ``sync_runs`` bookkeeping rows carry the real time of the build.
"""

from __future__ import annotations

import os
import random
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from ..base import Page
from ..events import Event
from ..normalise import github as normalise_github
from ..normalise import jira as normalise_jira
from ..sources import registered_sources
from ..store import open_store
from . import github as gh
from . import projects, scenarios
from .jira import FLAGGED_FIELD, JiraIds, JiraPayload
from .org import JIRA_URL
from .stories import Stories

CONFIG_NAME = "footprint.toml"
STORE_NAME = "footprint.db"
RETRO_LABEL = "retro"


def demo_config_text() -> str:
    """The bundled ``footprint.toml`` describing the demo organisation (store ``sqlite:///footprint.db``)."""
    return resources.files(__package__).joinpath(CONFIG_NAME).read_text(encoding="utf-8")


def demo_payloads(
    seed: int = 7,
) -> tuple[dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]], dict[str, list[JiraPayload]]]:
    """The raw API payloads: GitHub ``{repo: (pull requests, issues)}`` and Jira ``{project: issues}``."""
    told = Stories.for_seed(seed)  # a random stream and ids of their own: the rest stays as it was
    repos = scenarios.all_repos(random.Random(f"footprint-demo:{seed}:github"), gh.Ids(), told)
    jira = projects.all_projects(random.Random(f"footprint-demo:{seed}:jira"), JiraIds(), told)
    return repos, jira


def demo_events(seed: int = 7) -> list[Event]:
    """Every demo event, made by the normalisers from the payloads, ordered by time then id."""
    repos, jira = demo_payloads(seed)
    events: list[Event] = []
    for repo, (prs, issues) in repos.items():
        for pr in prs:
            events += normalise_github.pull_request_events(repo, pr)
        for issue in issues:
            events += normalise_github.issue_events(repo, issue, retro_label=RETRO_LABEL)
    for payloads in jira.values():
        for issue, comments, histories in payloads:
            events += normalise_jira.issue_events(
                JIRA_URL,
                issue,
                comments=comments,
                histories=histories,
                retro=RETRO_LABEL in issue["fields"]["labels"],  # what `retro_jql = "labels = retro"` finds
                flagged_field=FLAGGED_FIELD,
            )
    return sorted(events, key=lambda event: (event.created_at, event.event_id))


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _write_store(path: Path, events: list[Event], *, redact_text: bool = False) -> None:
    """A complete store at ``path``: events per (source, scope) and one finished sync run per source.
    With ``redact_text`` it is written as ``footprint sync`` writes a redacted store: each batch's
    texts are classified before it is written without them (``metrics.textcache.keep_classes_current``)."""
    store = open_store(f"sqlite:///{path}", redact_text=redact_text)
    before_write = None
    if redact_text:
        from metrics.textcache import keep_classes_current  # metrics builds on collectors, not the reverse

        before_write = keep_classes_current
    try:
        sources = [source.name for source in registered_sources()]
        by_scope: dict[str, dict[str, list[Event]]] = {source: defaultdict(list) for source in sources}
        for event in events:
            by_scope[event.source][event.container].append(event)
        for source in sources:
            run_id = store.start_run(source)
            written = 0
            for _, batch in sorted(by_scope[source].items()):
                if before_write is not None:
                    before_write(store, Page(source, batch))
                written += store.write(batch)
            store.finish_run(run_id, "ok", events_written=written, requests=0)
        with store.engine.connect() as conn:  # fold the WAL into the file before it is renamed
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.dispose()


def build_demo(directory: Path, *, seed: int = 7, force: bool = False, redact_text: bool = False) -> Path:
    """Write ``directory/footprint.toml`` and ``directory/footprint.db``; return the config path.

    Does nothing when both exist, unless ``force``. Atomic: the store and the config are each built
    under a temporary name and renamed into place, store first, so an interrupted build never leaves a
    half store, and a config only ever appears next to a complete store. Idempotent for a given seed.
    ``redact_text``: the store holds no text, as with ``[store] redact_text = true`` (which the config
    then says).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    config_path, store_path = directory / CONFIG_NAME, directory / STORE_NAME
    if config_path.exists() and store_path.exists() and not force:
        return config_path
    events = demo_events(seed)
    tmp_store = directory / f".{STORE_NAME}.building-{os.getpid()}"
    _remove_sqlite(tmp_store)
    try:
        _write_store(tmp_store, events, redact_text=redact_text)
        # A leftover WAL of the old store must not be replayed into the new file.
        for suffix in ("-wal", "-shm"):
            Path(f"{store_path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp_store, store_path)
    finally:
        _remove_sqlite(tmp_store)
    tmp_config = directory / f".{CONFIG_NAME}.building-{os.getpid()}"
    text = demo_config_text()
    if redact_text:
        text = text.replace("redact_text = false", "redact_text = true", 1)
    tmp_config.write_text(text, encoding="utf-8")
    os.replace(tmp_config, config_path)
    return config_path
