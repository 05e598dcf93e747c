"""The data layer: viewer scoping (DESIGN §8), filters, and cache keys that separate viewers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from collectors.config import AccessConfig, Config, load_config
from collectors.store import open_store
from dashboard import data, person_queries
from dashboard.access import Viewer
from dashboard.exports.packet import STRONGEST
from metrics.engine import Metrics, load_metrics

SELF = Viewer(mode="oidc", person="odile", email="odile.brasswick@acme.example", signed_in=True)
MANAGER = Viewer(mode="oidc", person="marlowe", email="marlowe.tinderbox@acme.example", signed_in=True)


@pytest.fixture(scope="module")
def demo(demo_config: Path) -> tuple[Config, Metrics]:
    config = load_config(demo_config)
    store = open_store(config.store_url())
    metrics = load_metrics(store, config)
    store.dispose()
    return config, metrics


def oidc(config: Config) -> Config:
    return config.model_copy(update={"access": AccessConfig(mode="oidc", managers=["marlowe"])})


def test_open_mode_sees_everything(demo: tuple[Config, Metrics]) -> None:
    config, metrics = demo
    scoped = data.scope_metrics(metrics, config, Viewer(mode="open"))
    assert scoped.visible is None
    assert scoped.metrics.evidence.equals(metrics.evidence)
    assert set(scoped.peers["person"]) == {person.id for person in config.people}
    assert scoped.months == ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10")


def test_a_person_sees_only_their_own_individual_data(demo: tuple[Config, Metrics]) -> None:
    config, metrics = demo
    scoped = data.scope_metrics(metrics, oidc(config), SELF)
    m = scoped.metrics
    assert set(m.evidence["person"]) == {"odile"}
    assert set(m.footprint["person"]) == {"odile"}
    assert set(m.people["person"]) == {"odile"}
    assert m.unmapped.empty
    named = set(m.events["actor_person"].dropna()) | set(m.events["target_person"].dropna())
    others = {person.id for person in config.people} - {"odile"}
    assert not named & others, "no other person's id reaches the viewer"
    raw = {identity.lower() for identity in m.events["actor"].dropna()}
    logins = {f"github:{login.lower()}" for p in config.people if p.id != "odile" for login in p.github}
    assert logins & {identity.lower() for identity in metrics.events["actor"].dropna()}, "they act"
    assert not raw & logins, "their raw identities do not reach the viewer either"
    hidden = m.events["actor_person"].str.endswith(" member", na=False)
    assert m.events.loc[hidden, "text"].isna().all()
    # Team medians still count everyone, under opaque ids.
    assert len(scoped.peers) == len(config.people)
    assert "odile" in set(scoped.peers["person"])
    assert not set(scoped.peers["person"]) & others
    assert scoped.peer_footprint["evidence_count"].sum() == metrics.footprint["evidence_count"].sum()


def test_a_manager_sees_their_team(demo: tuple[Config, Metrics]) -> None:
    config, metrics = demo
    scoped = data.scope_metrics(metrics, oidc(config), MANAGER)
    payments = {person.id for person in config.people if person.team == "payments"}
    assert set(scoped.metrics.evidence["person"]) == payments
    assert scoped.visible == frozenset(payments)
    assert not scoped.metrics.unmapped.empty


def test_cached_metrics_are_kept_apart_per_viewer(demo_config: Path, tmp_path: Path) -> None:
    path = tmp_path / "footprint.toml"
    store_url = load_config(demo_config).store_url()
    text = demo_config.read_text("utf-8").replace('mode = "open"', 'mode = "oidc"')
    text = text.replace('url = "sqlite:///footprint.db"', f'url = "{store_url}"')
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    signature = data.store_signature(config)
    assert signature is not None
    if data._bring_up_to_date(str(path), signature):  # as data.current does: the stored evidence
        signature = data.store_signature(config)
        assert signature is not None
    since, until = datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)

    def evidence_of(viewer: Viewer, person: str) -> set[str]:
        view = person_queries.person_view(
            str(path), signature, viewer.cache_key, viewer, person, since, until, STRONGEST, packet=True
        )
        return set(view.scoped.metrics.evidence["person"])

    assert evidence_of(SELF, "odile") == {"odile"}
    assert evidence_of(SELF, "ravi") == set()  # a colleague's page: not hers to see
    assert evidence_of(MANAGER, "ravi") == {"ravi"}  # the same cached function, a manager of ravi
    assert evidence_of(SELF, "ravi") == set()  # the manager's cached view is not handed to her


def test_signature_moves_with_content_not_with_reads(demo_config: Path, tmp_path: Path) -> None:
    config = load_config(demo_config)
    before = data.store_signature(config)
    store = data.open_app_store(config)
    assert store is not None
    store.events()
    assert data.store_signature(config) == before
    run = store.start_run("github")
    store.finish_run(run, "ok")
    assert data.store_signature(config) != before


def test_filters_window_and_team(demo: tuple[Config, Metrics]) -> None:
    config, metrics = demo
    scoped = data.scope_metrics(metrics, config, Viewer(mode="open"))
    filters = data.Filters("web", "2026-09", "2026-10")
    assert filters.months == ["2026-09", "2026-10"]
    assert filters.since == pd.Timestamp("2026-09-01", tz="UTC")
    assert filters.until == pd.Timestamp("2026-11-01", tz="UTC")
    chosen = data.filter_metrics(scoped, filters)
    assert chosen.evidence["created_at"].min() >= filters.since
    assert chosen.evidence["created_at"].max() < filters.until
    assert set(chosen.evidence["team"]) == {"web"}
    assert set(chosen.footprint["period"]) == {"2026-09", "2026-10"}
    on_web = (chosen.events["actor_team"] == "web") | (chosen.events["target_team"] == "web")
    assert on_web.all()
    assert 0 < len(chosen.events) < len(metrics.events)


def test_opportunities_are_scoped_like_evidence_and_name_nobody_the_viewer_may_not_see(
    demo: tuple[Config, Metrics],
) -> None:
    config, metrics = demo
    everyone = metrics.opportunities
    assert set(everyone["kind"]) == {
        "waiting_review", "unanswered_question", "stuck_blocked", "recurring_problem", "repeated_feedback"
    }  # fmt: skip
    opened = data.scope_metrics(metrics, config, Viewer(mode="open")).metrics.opportunities
    pd.testing.assert_frame_equal(opened, everyone)
    assert everyone["reason"].str.contains("by Tobias Fernhollow").any()  # open mode names the author
    own = data.scope_metrics(metrics, oidc(config), SELF).metrics.opportunities
    assert set(own["person"]) == {"odile"}
    others = [p.display_name for p in config.people if p.id != "odile"]
    assert not any(name in reason for reason in own["reason"] for name in others)
    assert "acme/payments#215 by a payments member has waited" in " ".join(own["reason"])
    team = data.scope_metrics(metrics, oidc(config), MANAGER).metrics.opportunities
    payments = {person.id for person in config.people if person.team == "payments"}
    assert set(team["person"]) <= payments and "odile" in set(team["person"])
    chosen = data.filter_metrics(
        data.scope_metrics(metrics, config, Viewer(mode="open")), data.Filters("web", "2026-05", "2026-05")
    )
    assert set(chosen.opportunities["team"]) == {"web"}
    assert len(chosen.opportunities) == (everyone["team"] == "web").sum()  # as of now, whatever the period
