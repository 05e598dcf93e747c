"""Every page as every role, through the real app (AppTest with a faked ``st.user``, DESIGN §8).

What the browser receives is searched byte by byte (text, widget options, the Arrow data of every
table and chart) for the names of people the viewer may not see.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors.config import CONFIG_ENV
from dashboard import data

from .conftest import EXCLUDED, PAGE_NAMES, PAGES, PEOPLE, SIGNED_OUT, STRANGER, App, signed_in
from .rendered import canonical, shown_names

NAMES = {person: name for person, (name, _team) in PEOPLE.items()}
INDIVIDUAL = ("my_footprint", "packet")


def team_of(team: str) -> set[str]:
    return {person for person, (_name, t) in PEOPLE.items() if t == team} - {EXCLUDED}


#: viewer -> the people whose names may appear on their pages.
ROLES = {
    "self": ("odile", {"odile"}),
    "manager of the team": ("marlowe", team_of("payments")),
    "manager of another team": ("priya", team_of("web")),
}


def person_options(at: AppTest) -> list[str]:
    return next(box for box in at.selectbox if box.label == "Person").options


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_sees_only_the_people_it_may(app: App, oidc_config: Path, role: str, page: str) -> None:
    person, allowed = ROLES[role]
    at = app(oidc_config, signed_in(person), page)
    assert not at.info or page == "snapshots", [info.value for info in at.info]
    shown = shown_names(at, NAMES)
    assert shown <= allowed, f"{role} on {page} sees {sorted(shown - allowed)}"
    assert EXCLUDED not in shown
    if page in INDIVIDUAL:
        assert sorted(person_options(at)) == sorted(NAMES[p] for p in allowed)
        assert at.selectbox(key=data.TEAM_KEY).value == data.ALL_TEAMS
        assert shown == allowed  # a manager's picker lists the whole team, and nobody else
    if page in ("overview", "team"):
        assert at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")  # aggregates are there


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize(
    ("who", "claims", "title"),
    [
        ("signed out", SIGNED_OUT, "Please sign in"),
        ("unmapped", STRANGER, "You are not mapped to a person"),
        ("unverified email", {**signed_in("odile"), "email_verified": False}, "You are not mapped"),
        ("excluded person", signed_in(EXCLUDED), "You are not mapped"),
    ],
)
def test_without_a_mapped_viewer_no_page_shows_any_data(
    app: App, oidc_config: Path, who: str, claims: dict, title: str, page: str
) -> None:
    at = app(oidc_config, claims, page)
    assert title in at.info[0].value
    assert not at.dataframe and not at.metric and not at.get("vega_lite_chart")
    assert not at.get("arrow_vega_lite_chart") and not at.get("download_button")
    assert not at.selectbox and not at.select_slider and not at.multiselect  # no filters either
    assert not shown_names(at, NAMES)
    buttons = [button.label for button in at.button]
    assert buttons == (["Sign in"] if who == "signed out" else ["Sign out"])


@pytest.mark.parametrize("page", INDIVIDUAL)
def test_session_state_and_query_params_cannot_reach_another_person(
    app: App, oidc_config: Path, page: str
) -> None:
    for person in ("juno", "priya", EXCLUDED):  # a teammate, another team's manager, the excluded
        at = app(oidc_config, signed_in("odile"), page, **{data.PERSON_KEY: person})
        at.query_params.update(person=person, subject=person)
        at.run()
        assert person_options(at) == ["Odile Brasswick"]
        assert [box.value for box in at.selectbox if box.label == "Person"] == ["odile"]
        assert shown_names(at, NAMES) == {"odile"}
    # a manager of payments with a web person in session state gets their own page instead
    at = app(oidc_config, signed_in("marlowe"), page, **{data.PERSON_KEY: "lena"})
    assert [box.value for box in at.selectbox if box.label == "Person"] == ["marlowe"]
    assert not shown_names(at, NAMES) & team_of("web")


def test_a_manager_reaches_a_teammate_but_not_another_team(app: App, oidc_config: Path) -> None:
    at = app(oidc_config, signed_in("marlowe"), "my_footprint")
    box = next(box for box in at.selectbox if box.label == "Person")
    box.set_value("juno").run()
    feed = at.dataframe[0].value
    assert len(feed) > 0 and feed["link"].str.startswith("https://").all()
    assert "Juno Kettleby" in at.caption[0].value
    at.switch_page(PAGES["packet"]).run()
    assert "Juno Kettleby" in at.caption[0].value and len(at.get("download_button")) == 2
    assert "Lena Quillfeather" not in person_options(at)
    with pytest.raises(ValueError):  # like a browser, the widget can only send an offered option
        next(box for box in at.selectbox if box.label == "Person").set_value("lena").run()


def test_a_page_file_run_outside_the_app_shows_nothing(
    monkeypatch: pytest.MonkeyPatch, oidc_config: Path
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(oidc_config))
    for page in INDIVIDUAL:
        at = AppTest.from_file(PAGES[page], default_timeout=60)
        at.user = signed_in("marlowe")
        at.run()
        assert "footprint dashboard" in at.error[0].value
        assert not shown_names(at, NAMES) and not at.dataframe


def test_cached_data_is_never_served_to_another_viewer(app: App, oidc_config: Path) -> None:
    """Manager first (fills the cache with the team), then a team member in the same process, then back."""
    manager = app(oidc_config, signed_in("marlowe"), "team")
    assert shown_names(manager, NAMES) == team_of("payments")
    member = app(oidc_config, signed_in("odile"), "team")
    assert shown_names(member, NAMES) == {"odile"}
    other = app(oidc_config, signed_in("priya"), "team")
    assert shown_names(other, NAMES) == team_of("web")
    again = app(oidc_config, signed_in("marlowe"), "team")
    assert canonical(again) == canonical(manager)
    # and the same session switching user (sign-out and another sign-in in one browser)
    member.user = signed_in("marlowe")
    member.run()
    assert shown_names(member, NAMES) == team_of("payments")
    member.user = signed_in("odile")
    member.run()
    assert shown_names(member, NAMES) == {"odile"}
