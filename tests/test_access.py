"""Access rules (DESIGN §8) as pure functions: self, manager of the team, manager elsewhere, unmapped."""

from __future__ import annotations

import pytest

from collectors.config import Config, parse_config
from dashboard.access import (
    can_view_aggregates,
    can_view_person,
    resolve_viewer,
    should_audit,
    visible_people,
)


@pytest.fixture
def config() -> Config:
    return parse_config(
        {
            "teams": [{"name": "payments"}, {"name": "web"}],
            "people": [
                {"id": "ada", "team": "payments", "emails": ["Ada@acme.test"]},
                {"id": "bob", "team": "payments", "emails": ["bob@acme.test"]},
                {"id": "cy", "team": "web", "emails": ["cy@acme.test"]},
                {"id": "dee", "team": "web", "emails": ["dee@acme.test"]},
                {"id": "eve", "team": "payments", "emails": ["eve@acme.test"]},
            ],
            "access": {"mode": "oidc", "managers": ["ada", "cy"], "exclude": ["eve"]},
        }
    )


def _signed_in(email: str, **claims: object) -> dict:
    return {"is_logged_in": True, "email": email, **claims}


def test_open_mode_sees_everyone_but_the_excluded(config: Config) -> None:
    open_config = config.model_copy(update={"access": config.access.model_copy(update={"mode": "open"})})
    viewer = resolve_viewer(open_config, None)
    assert viewer.mode == "open" and viewer.mapped and visible_people(open_config, viewer) is None
    assert can_view_person(open_config, viewer, "bob") and not can_view_person(open_config, viewer, "eve")
    assert not should_audit(viewer, "bob")


def test_a_person_sees_only_themselves(config: Config) -> None:
    bob = resolve_viewer(config, _signed_in("BOB@acme.test"))
    assert bob.person == "bob" and visible_people(config, bob) == {"bob"}
    assert can_view_person(config, bob, "bob") and not can_view_person(config, bob, "ada")
    assert can_view_aggregates(bob) and not should_audit(bob, "bob")


def test_a_manager_sees_their_team_only(config: Config) -> None:
    ada = resolve_viewer(config, _signed_in("ada@acme.test"))
    assert visible_people(config, ada) == {"ada", "bob"}  # eve is excluded, cy and dee are another team
    assert can_view_person(config, ada, "bob") and should_audit(ada, "bob")
    assert not can_view_person(config, ada, "cy") and not can_view_person(config, ada, "eve")
    cy = resolve_viewer(config, _signed_in("cy@acme.test"))
    assert visible_people(config, cy) == {"cy", "dee"}


def test_unmapped_unverified_and_signed_out_viewers_see_nothing(config: Config) -> None:
    for claims in (
        _signed_in("stranger@else.test"),
        _signed_in("bob@acme.test", email_verified=False),
        {"is_logged_in": False, "email": "bob@acme.test"},
        None,
    ):
        viewer = resolve_viewer(config, claims)
        assert viewer.person is None and not viewer.mapped
        assert visible_people(config, viewer) == set() and not can_view_aggregates(viewer)
        assert not can_view_person(config, viewer, "bob")


def test_an_excluded_person_cannot_sign_in_to_their_data(config: Config) -> None:
    eve = resolve_viewer(config, _signed_in("eve@acme.test"))
    assert eve.person is None and visible_people(config, eve) == set()


def test_cache_keys_differ_per_viewer(config: Config) -> None:
    keys = {resolve_viewer(config, _signed_in(f"{p}@acme.test")).cache_key for p in ("ada", "bob", "cy")}
    assert len(keys) == 3
