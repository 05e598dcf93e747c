"""The persisted text-class cache: same metrics as classifying everything, only new texts classified."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
import sqlalchemy as sa
from rich.progress import Progress

from collectors.base import SyncRun
from collectors.config import Config
from collectors.events import Event
from collectors.store import Store, schema
from metrics import textcache
from metrics.engine import compute, load_metrics
from metrics.textcache import TextClassCache, keep_classes_current, warm_text_classes


def _assert_same(a, b) -> None:  # type: ignore[no-untyped-def]
    for name in ("evidence", "footprint", "events", "people", "unmapped"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=False)


def _synced(store: Store, events: list[Event], *, whole: tuple[str, ...] = ()) -> None:
    """Write ``events`` as ``footprint sync`` does: one page, through :func:`keep_classes_current`."""
    run = SyncRun("github", store, Progress(), before_write=keep_classes_current)
    run.save(events, scope="acme", complete_items=whole)


def _classified(store: Store, config: Config) -> int:
    seen: list[int] = []
    warm_text_classes(store, config, progress=seen.append)
    return seen[0] if seen else 0


def test_cached_metrics_equal_a_full_classification(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    store.write(demo_events)
    plain = compute(store.events(), demo_config)
    cold = load_metrics(store, demo_config)  # empty cache: classifies and fills it
    rows = store.text_classes(textcache.classifier_version())
    assert len(rows) > 100
    assert not rows["redacted"].any()
    with store.engine.connect() as conn:  # each row records the SHA-1 of the text it classified
        digests = conn.execute(sa.select(schema.text_classes.c.text_sha1)).scalars().all()
    assert len(digests) == len(rows) and all(len(digest) == 40 for digest in digests)
    warm = load_metrics(store, demo_config)  # everything from the cache
    _assert_same(plain, cold)
    _assert_same(plain, warm)


def test_sync_warm_up_classifies_only_new_or_edited_texts(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    comments = [
        e
        for e in demo_events
        if e.kind in ("comment", "review_comment") and e.text and not str(e.actor).endswith("[bot]")
    ]
    _synced(store, demo_events)
    first = _classified(store, demo_config)
    assert first >= len(comments)  # plus review bodies and issues
    assert _classified(store, demo_config) == 0
    _synced(store, demo_events)  # a full re-sync of unchanged events keeps every cached class
    assert _classified(store, demo_config) == 0
    edited = replace(comments[0], text="This leaks the connection when parse() raises.")
    added = replace(
        comments[1], event_id="github:review_comment:999999999", text="Why do we need a dict here?"
    )
    _synced(store, [edited, added])
    assert _classified(store, demo_config) == 2
    classes = store.text_classes(textcache.classifier_version()).set_index("event_id")
    assert classes.loc[edited.event_id, "label"] == "defect"
    assert classes.loc[added.event_id, "label"] == "question"
    pd.testing.assert_frame_equal(
        load_metrics(store, demo_config).evidence,
        compute(store.events(), demo_config).evidence,
        check_dtype=False,
    )


def test_the_sync_drops_exactly_the_classes_of_texts_that_change_or_go(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config
) -> None:
    _synced(store, demo_events)
    _classified(store, demo_config)
    issues = [e for e in demo_events if e.kind == "issue" and e.actor and "[bot]" not in e.actor]
    retitled = replace(issues[0], attrs={**issues[0].attrs, "title": "Flaky deploys"})
    touched = replace(issues[1], attrs={**issues[1].attrs, "state": "CLOSED"})  # same title and body
    comments = [e for e in demo_events if e.kind == "comment" and e.text and e.item == issues[2].item]
    emptied = replace(comments[0], text="")
    others = [e for e in demo_events if e.item == issues[2].item and e.event_id != comments[0].event_id]
    _synced(store, [retitled, touched])
    _synced(store, [*others[1:], emptied], whole=(issues[2].item,))  # the issue, fetched whole, lost one
    cached = set(store.text_classes(textcache.classifier_version())["event_id"])
    assert retitled.event_id not in cached and touched.event_id in cached
    assert emptied.event_id not in cached and others[0].event_id not in cached  # gone from the store too
    assert others[0].event_id not in set(store.events()["event_id"])
    assert _classified(store, demo_config) == 1  # only the new title: no text is left to the others


def test_a_new_classifier_version_reclassifies_everything(
    store: Store, demo_events: tuple[Event, ...], demo_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(demo_events)
    first = _classified(store, demo_config)
    monkeypatch.setattr(textcache, "classifier_version", lambda: "0" * 40)
    assert _classified(store, demo_config) == first


def test_cues_round_trip_through_the_cache(store: Store) -> None:
    texts = pd.Series(
        [
            "Because this regresses security, consider a guard; see https://docs.python.org/3/library/x",
            "Update: blocked on the migration, ETA Friday.",
            "LGTM",
        ],
        index=[4, 9, 12],
    )
    ids = pd.Series(["a", "b", "c"], index=texts.index)
    first = TextClassCache(store).classify(texts, ids)
    cache = TextClassCache(store)
    second = cache.classify(texts, ids)
    assert cache.classified == 0
    pd.testing.assert_frame_equal(first, second, check_dtype=False)
    assert second.loc[4, ["explanation", "suggestion", "docs_link", "risk"]].all()
    assert second.loc[9, "status_update"] and not second.loc[12, ["risk", "suggestion"]].any()
