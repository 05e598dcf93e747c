"""*My footprint* and the packet from one person's slice of the store (dashboard/person_queries.py,
metrics/stored/person_slice.py) against the frame path they replace (everything loaded, scoped per viewer
by scope_metrics): the same page and the same packet for every kind of viewer, with an excluded person,
and nothing of a hidden person in a slice."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from collectors.config import Config, load_config
from collectors.store import Store, open_store
from collectors.store import derived_schema as ds
from dashboard import data, person_queries
from dashboard.access import can_view_person, scrub_quoted, visible_people
from dashboard.charts import profile
from dashboard.errors import UsageError
from dashboard.exports.packet import STRONGEST, build_packet
from dashboard.views.common import STRONGEST_SHOWN
from metrics.behaviours import BEHAVIOUR_IDS
from metrics.engine import Metrics
from metrics.growth import growth_plan
from metrics.identities import Identities
from metrics.quotes import inline_items, quoted, quoting_events, strongest_quoted
from metrics.stored import quoting_slice
from metrics.stored.compute import compute_store
from metrics.stored.person_slice import person_slice
from metrics.stored.quoting_slice import QUOTED_BATCH, batch_ends
from metrics.stored.read import load_stored_metrics

from .test_queries import EXCLUDED, MANAGER, MEMBER, OPEN, OTHER_TEAM, UNMAPPED, VIEWERS

PEOPLE = ("odile", "marlowe", "priya", "noor", EXCLUDED)  # noor helped someone outside [[people]]
WINDOWS = [
    data.Filters(None, "2026-05", "2026-10"),
    data.Filters(None, "2026-07", "2026-08"),
    data.Filters(None, "2024-01", "2024-03"),  # before the demo's first event: an empty window
]


@pytest.fixture(scope="module")
def org(demo_config: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Config, Store]:
    """The demo store under an ``oidc`` config with a manager and an excluded person, computed for it."""
    folder = tmp_path_factory.mktemp("person-org")
    shutil.copy(demo_config.parent / "footprint.db", folder / "footprint.db")
    text = demo_config.read_text("utf-8")
    access = 'mode = "open"\nmanagers = ["marlowe", "priya", "hattie"]\nexclude = []'
    assert access in text
    text = text.replace(access, f'mode = "oidc"\nmanagers = ["marlowe"]\nexclude = ["{EXCLUDED}"]')
    path = folder / "footprint.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    store = open_store(config.store_url())
    compute_store(store, config, full=True)
    yield path, config, store
    store.dispose()


@pytest.fixture(scope="module")
def frames(org: tuple[Path, Config, Store]) -> dict[str, Metrics]:
    """The frame path's metrics of each window (what ``footprint packet`` read before: every event
    before the window's end, the opportunities as of it)."""
    _, config, store = org
    return {
        window.start: load_stored_metrics(store, config, since=window.since, until=window.until)
        for window in WINDOWS
    }


def _strongest(
    evidence: pd.DataFrame, metrics, config: Config, *, scrub: bool = True, quoted: dict | None = None
) -> dict[str, pd.DataFrame]:  # type: ignore[no-untyped-def]
    """What My footprint's "Strongest evidence" shows per behaviour (dashboard.views.common): the list
    a slice settled (``quoted``), else quoted here (``scrub``: with excluded names scrubbed, as shown)."""
    classes = evidence.drop_duplicates("event_id").set_index("event_id")["text_class"]
    out = {}
    for behaviour in BEHAVIOUR_IDS:
        rows = evidence[evidence["behaviour"] == behaviour]
        if len(rows):
            top = (quoted or {}).get(behaviour)
            if top is None:
                top = strongest_quoted(rows, STRONGEST_SHOWN, metrics.events, metrics.items,
                                       redact_text=config.store.redact_text, classes=classes)  # fmt: skip
            out[behaviour] = (scrub_quoted(top, config) if scrub else top).reset_index(drop=True)
    return out


def _page(
    scoped: data.Scoped, config: Config, person: str, window: data.Filters, quoted: dict | None = None
) -> dict[str, object]:
    """What My footprint shows of ``person`` from ``scoped`` (the same calls the page makes), with the
    lists a slice settled (``quoted``)."""
    months = window.months
    m = scoped.metrics
    start, end = pd.Timestamp(window.since), pd.Timestamp(window.until)
    evidence = m.evidence[
        (m.evidence["person"] == person)
        & (m.evidence["created_at"] >= start)
        & (m.evidence["created_at"] < end)
    ].reset_index(drop=True)
    return {
        "profile": profile.profile_frame(scoped.peer_footprint, scoped.peers, person, months),
        "trend": profile.trend_frame(scoped.peer_footprint, person, months),
        "evidence": evidence,
        "strongest": _strongest(evidence, m, config, quoted=quoted),
        "growth": growth_plan(person, scoped.peer_footprint, scoped.peers, months, evidence, m.opportunities),
        "opportunities": m.opportunities[m.opportunities["person"] == person].reset_index(drop=True),
    }


def _assert_same_page(got: dict[str, object], expected: dict[str, object]) -> None:
    for key in ("profile", "trend", "evidence", "opportunities"):
        new, old = got[key].reset_index(drop=True), expected[key].reset_index(drop=True)  # type: ignore[union-attr]
        # an empty frame's dtypes say how it was made (a filtered frame, or an empty one), nothing shown
        pd.testing.assert_frame_equal(new, old, check_dtype=not old.empty, check_index_type=not old.empty)
    assert got["strongest"].keys() == expected["strongest"].keys()  # type: ignore[union-attr]
    for behaviour, frame in expected["strongest"].items():  # type: ignore[union-attr]
        pd.testing.assert_frame_equal(got["strongest"][behaviour], frame, check_dtype=False)  # type: ignore[index]
    assert got["growth"] == expected["growth"]


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w.start}..{w.end}")
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_my_footprint_and_the_packet_from_the_slice_equal_the_frame_paths(
    org: tuple[Path, Config, Store],
    frames: dict[str, Metrics],
    viewer: str,
    window: data.Filters,
) -> None:
    _, config, store = org
    frame = data.scope_metrics(frames[window.start], config, VIEWERS[viewer])
    shown = chances = 0
    for person in PEOPLE:
        narrow = person_queries.person_view_of(
            store, config, VIEWERS[viewer], person, window.since, window.until, strongest=STRONGEST_SHOWN
        )  # what My footprint reads: the items it quotes
        # what the packet page and `footprint packet` read: quotes, the person's acts, their responses
        packet_view = person_queries.person_view_of(
            store, config, VIEWERS[viewer], person, window.since, window.until, strongest=STRONGEST,
            packet=True,
        )  # fmt: skip
        expected = _page(frame, config, person, window)
        chances += len(expected["opportunities"])  # type: ignore[arg-type]
        # the page shows the lists the narrow slice settled instead of quoting again
        got = _page(narrow.scoped, config, person, window, dict(narrow.quoted))
        _assert_same_page(got, expected)
        assert narrow.quoted.keys() == set(got["strongest"]) or config.store.redact_text  # type: ignore[arg-type]
        since, until = window.since.date(), window.until.date()
        if not can_view_person(config, VIEWERS[viewer], person):
            assert got["evidence"].empty and got["opportunities"].empty  # type: ignore[union-attr]
            assert not set(packet_view.scoped.metrics.people["person"]) & {person}
            assert not packet_view.quoted
            with pytest.raises(UsageError):
                build_packet(packet_view.scoped.metrics, config, person, since, until, growth=True,
                             window_has_events=packet_view.window_has_events)  # fmt: skip
            continue
        old = build_packet(frame.metrics, config, person, since, until, store_covers="x", growth=True)
        assert set(packet_view.scoped.metrics.events.columns).isdisjoint({"text", "attrs"})
        assert packet_view.quoted or config.store.redact_text or not old.acts
        new = build_packet(
            packet_view.scoped.metrics, config, person, since, until, store_covers="x", growth=True,
            window_has_events=packet_view.window_has_events, quoted=packet_view.quoted,
        )  # fmt: skip
        assert new == old
        shown += old.acts
        if old.acts:  # the narrow slice quotes the person's own words, as the frame path does
            assert any(row["quote"].notna().any() for row in got["strongest"].values())  # type: ignore[union-attr]
        assert old.empty_window == (window.start == "2024-01")
    if viewer in ("open", "manager", "member") and window.start != "2024-01":
        assert shown > 0, "the comparison must cover evidence, not two empty packets"
        assert chances > 0 or window.start != "2026-05", "and opportunities"


@pytest.mark.parametrize("packet", [False, True], ids=["quoting", "packet"])
def test_a_slice_shows_nothing_of_a_hidden_person(org: tuple[Path, Config, Store], packet: bool) -> None:
    """A member's own slice holds other people's acts on their items (the quoted items' events, or the
    reviews of their work): pseudonymised, without text."""
    _, config, store = org
    window = WINDOWS[0]
    view = person_queries.person_view_of(
        store, config, MEMBER, "odile", window.since, window.until, strongest=STRONGEST, packet=packet
    )
    events = view.scoped.metrics.events
    allowed = visible_people(config, MEMBER)
    assert allowed == {"odile"}
    mapped = {person.id for person in config.people}
    for side in ("actor", "target"):
        people = set(events[f"{side}_person"].dropna())
        assert not (people & mapped) - allowed, side
        assert "payments member" in people or "web member" in people, "the slice holds others' acts"
    others = events["actor_person"] != "odile"
    if packet:
        assert "text" not in events
    else:
        assert events.loc[others, "text"].isna().all()
    assert set(view.scoped.metrics.evidence["person"]) == {"odile"}
    assert set(view.scoped.metrics.footprint["person"]) <= {"odile"}
    assert set(view.scoped.peer_footprint["person"].dropna()) - {"odile"} <= {
        f"peer-{i}" for i in range(len(mapped))
    }
    assert EXCLUDED not in set(events["actor_person"].dropna()) | set(events["target_person"].dropna())


def test_a_viewers_cached_slice_is_never_served_to_another(org: tuple[Path, Config, Store]) -> None:
    path, config, store = org
    person_queries.person_view.clear()
    signature = data.store_signature(config)
    assert signature is not None
    window = WINDOWS[0]
    seen: dict[str, tuple[int, int]] = {}
    for viewer in [MEMBER, MANAGER, OPEN, OTHER_TEAM, MEMBER, UNMAPPED, MANAGER]:
        cached = person_queries.person_view(
            str(path), signature, viewer.cache_key, viewer, "odile", window.since, window.until,
            STRONGEST_SHOWN,
        )  # fmt: skip
        direct = person_queries.person_view_of(
            store, config, viewer, "odile", window.since, window.until, strongest=STRONGEST_SHOWN
        )
        pd.testing.assert_frame_equal(cached.scoped.metrics.events, direct.scoped.metrics.events)
        pd.testing.assert_frame_equal(cached.scoped.peer_footprint, direct.scoped.peer_footprint)
        pd.testing.assert_frame_equal(  # the opportunities, cached once for every viewer, scoped per viewer
            cached.scoped.metrics.opportunities, direct.scoped.metrics.opportunities
        )
        seen[viewer.cache_key] = (
            len(cached.scoped.metrics.evidence),
            int(cached.scoped.metrics.events["text"].notna().sum()),
        )
    assert len(set(seen.values())) >= 3, "the viewers see different things, so a mix-up would show"


@pytest.fixture(scope="module")
def pasted(org: tuple[Path, Config, Store], tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Store]:
    """A copy of the org's store where every text is the same comment, pasted everywhere: the strongest
    acts' quotes then repeat, and strongest_quoted reads on past its first batch."""
    path, _, _ = org
    folder = tmp_path_factory.mktemp("person-pasted")
    shutil.copy(path, folder / path.name)
    shutil.copy(path.parent / "footprint.db", folder / "footprint.db")
    config = load_config(folder / path.name)
    store = open_store(config.store_url())
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE events SET text = 'Please add a test for this.' WHERE text IS NOT NULL"))
    yield config, store
    store.dispose()


def test_the_narrow_slice_screens_batch_by_batch_and_reads_whole_items_of_the_listed_acts_only(
    pasted: tuple[Config, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """strongest_quoted skips words already quoted; where every comment is the same text, the first
    batch cannot settle the lists and the slice screens the next batches, as strongest_quoted does,
    reading only the rows quoting reads (the acts, and the inline comments of bare reviews' items,
    which a review's quote can be). Whole items are read for the listed acts only, and the lists are
    those of the frame path."""
    config, store = pasted
    window = WINDOWS[0]
    full = load_stored_metrics(store, config, since=window.since, until=window.until)
    evidence = full.evidence
    in_window = (evidence["created_at"] >= window.since) & (evidence["created_at"] < window.until)
    first, second = list(itertools.islice(batch_ends(STRONGEST_SHOWN), 2))
    assert (first, second) == (STRONGEST_SHOWN * QUOTED_BATCH, STRONGEST_SHOWN * QUOTED_BATCH * 3)

    screened: list[tuple[pd.DataFrame, pd.DataFrame]] = []
    screen = quoting_slice.screened_events

    def screen_spy(conn: Any, identities: Any, acts: pd.DataFrame, inline_read: set[str]) -> pd.DataFrame:
        before = set(inline_read)
        rows = screen(conn, identities, acts, inline_read)
        screened.append((acts, rows))
        assert inline_read == before | inline_items(acts)
        return rows

    monkeypatch.setattr(quoting_slice, "screened_events", screen_spy)
    inline = 0
    for person in PEOPLE[:4]:
        screened.clear()
        found = evidence[(evidence["person"] == person) & in_window].reset_index(drop=True)
        narrow = person_slice(store, config, person, window.since, window.until, strongest=STRONGEST_SHOWN)
        items = found.drop_duplicates(["behaviour", "item"])["behaviour"].value_counts()
        assert len(screened[0][0]) == items.clip(upper=first).sum(), "the first batch: 4 acts per one listed"
        if person == "odile":
            assert first < items.max() <= second, "a behaviour with more items than one batch, all in two"
            assert len(screened) == 2, "the pasted words push the lists past the first batch"
            assert len(screened[1][0]) < (items.clip(upper=second) - first).clip(lower=0).sum(), (
                "the second batch screens only the lists not settled by the first"
            )
        for acts, rows in screened:  # the acts, and the review comments on their bare reviews' items only
            own = rows["event_id"].isin(acts["event_id"])
            assert set(acts["event_id"]) <= set(rows["event_id"])
            assert (rows.loc[~own, "kind"] == "review_comment").all()
            assert set(rows.loc[~own, "item"]) <= inline_items(acts)
        read = pd.concat([rows for _, rows in screened])
        assert len(read) < full.events["item"].isin(found["item"]).sum(), "fewer rows than the items"

        want = _strongest(found, full, config, scrub=False)
        assert narrow.quoted.keys() == want.keys() == set(found["behaviour"])
        for behaviour, rows in want.items():
            pd.testing.assert_frame_equal(narrow.quoted[behaviour].reset_index(drop=True), rows)
            assert rows["title"].notna().any(), "the listed acts' titles are read with their items"
            inline += int((rows["quote_from"] == "inline").sum())
        pd.testing.assert_frame_equal(narrow.metrics.evidence, found, check_dtype=False)
        listed = {item for rows in want.values() for item in rows["item"]}
        assert set(narrow.metrics.events["item"]) == listed
        assert len(listed) < found["item"].nunique()
        assert not narrow.metrics.events["event_id"].duplicated().any()
        assert narrow.metrics.events["created_at"].is_monotonic_increasing
        whole = full.events[full.events["item"].isin(listed)]
        assert len(narrow.metrics.events) == len(whole), "each listed item whole"
    assert inline > 0, "some listed reviews are quoted by their inline comments"


def test_each_act_is_quoted_from_its_screened_rows_as_from_every_event(
    org: tuple[Path, Config, Store], frames: dict[str, Metrics]
) -> None:
    """Screening one act alone reads what its quote needs: a review whose own words are only an
    acknowledgement is quoted by its inline comment, which screening reads by item."""
    _, config, store = org
    window = WINDOWS[0]
    full = frames[window.start]
    evidence = full.evidence
    in_window = (evidence["created_at"] >= window.since) & (evidence["created_at"] < window.until)
    identities = Identities(config)
    inline = 0
    with store.engine.connect() as conn:
        for person in PEOPLE[:4]:
            found = evidence[(evidence["person"] == person) & in_window].reset_index(drop=True)
            classes = found.drop_duplicates("event_id").set_index("event_id")["text_class"]
            want = quoted(found, full.events, full.items, redact_text=False, classes=classes)
            picked = want.index[(want["quote_from"] == "inline").to_numpy()].union(want.index[::25])
            inline += int((want["quote_from"] == "inline").sum())
            for at in picked:
                act = found.loc[[at]]
                rows = quoting_slice.screened_events(conn, identities, act, set())
                got = quoted(act, quoting_events(rows, act), full.items.iloc[0:0], redact_text=False,
                             classes=classes)  # fmt: skip
                assert got[["quote", "quote_from"]].equals(want.loc[[at], ["quote", "quote_from"]])
    assert inline > 0, "reviews quoted by their inline comments"


def test_the_first_batch_settles_the_lists_of_words_that_do_not_repeat(
    org: tuple[Path, Config, Store], frames: dict[str, Metrics], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the demo, the words of a person's strongest acts rarely repeat: one batch settles the lists,
    and its lists are those of the frame path."""
    _, config, store = org
    window = WINDOWS[0]
    full = frames[window.start]
    evidence = full.evidence
    in_window = (evidence["created_at"] >= window.since) & (evidence["created_at"] < window.until)
    found = evidence[(evidence["person"] == "odile") & in_window].reset_index(drop=True)
    batches: list[int] = []
    screen = quoting_slice.screened_events

    def screen_spy(conn: Any, identities: Any, acts: pd.DataFrame, inline_read: set[str]) -> pd.DataFrame:
        batches.append(len(acts))
        return screen(conn, identities, acts, inline_read)

    monkeypatch.setattr(quoting_slice, "screened_events", screen_spy)
    narrow = person_slice(store, config, "odile", window.since, window.until, strongest=STRONGEST_SHOWN)
    items = found.drop_duplicates(["behaviour", "item"])["behaviour"].value_counts()
    assert batches == [items.clip(upper=STRONGEST_SHOWN * QUOTED_BATCH).sum()]
    want = _strongest(found, full, config, scrub=False)
    assert narrow.quoted.keys() == want.keys()
    for behaviour, rows in want.items():
        pd.testing.assert_frame_equal(narrow.quoted[behaviour].reset_index(drop=True), rows)


def test_the_identities_read_from_the_act_counts_are_those_of_the_events(
    org: tuple[Path, Config, Store],
) -> None:
    """identities_by_person reads the stored act counts: the same raw spellings as every event's."""
    _, config, store = org
    from metrics.identities import Identities
    from metrics.stored.person_slice import identities_by_person

    events = store.events()
    resolve = Identities(config).person_of
    expected: dict[str, set[str]] = {}
    for raw in pd.concat([events["actor"], events["target"]]).dropna().unique():
        person = resolve(raw)
        if person is not None:
            expected.setdefault(person, set()).add(raw)
    found = identities_by_person(store, config)
    assert found == {person: sorted(raws) for person, raws in expected.items()}
    assert len(found) >= 5


def test_the_first_responses_a_person_gave_are_those_their_acts_gave(
    org: tuple[Path, Config, Store],
) -> None:
    """responses_given: every stored first response of the window that one of the person's acts gave,
    and no other (another person's response on the same item is not theirs)."""
    from metrics.stored.packet_slice import responses_given
    from metrics.stored.person_slice import identities_by_person
    from metrics.stored.team_tables import read_rows

    _, config, store = org
    identities = identities_by_person(store, config)
    checked = others = 0
    with store.engine.connect() as conn:
        every = read_rows(conn, ds.first_responses)
        acts = read_rows(conn, ds.acts)
        for person in PEOPLE[:4]:
            raws = identities[person]
            for window in WINDOWS[:2]:
                since, until = pd.Timestamp(window.since), pd.Timestamp(window.until)
                made = acts[
                    acts["actor"].isin(raws) & (acts["created_at"] >= since) & (acts["created_at"] < until)
                ]
                answered = every[(every["responded_at"] >= since) & (every["responded_at"] < until)]
                want = answered[answered["response_event_id"].isin(set(made["event_id"]))]
                got = responses_given(conn, raws, window.since, window.until)
                key = ["item", "response_event_id"]
                pd.testing.assert_frame_equal(
                    got.sort_values(key, ignore_index=True), want.sort_values(key, ignore_index=True)
                )
                checked += len(want)
                on_their_items = answered["item"].isin(set(made["item"]))
                others += int(
                    (on_their_items & ~answered["response_event_id"].isin(set(made["event_id"]))).sum()
                )
    assert checked > 20 and others > 0, "responses of theirs, and others' on the same items left out"
