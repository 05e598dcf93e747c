"""Who may see whose individual data (DESIGN §8). Pure functions: no Streamlit in here.

* ``open`` mode: whoever reaches the app sees every individual page (a laptop or a trusted team).
* ``oidc`` mode: the viewer is whoever ``st.login`` authenticated; their email claim maps to a person
  through ``[[people]] emails``. A person sees their own individual pages; a person listed in
  ``[access] managers`` also sees those of the people in their team. Everyone signed in and mapped sees
  team aggregates. An unmapped viewer sees nothing.
* ``[access] exclude`` people are visible to nobody, in either mode.

The dashboard applies these where data is loaded (``dashboard.data``), so a page, a URL or a query
parameter can never reach data the loader did not return.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from collectors.config import Config


@dataclass(frozen=True, slots=True)
class Viewer:
    """The person looking at the dashboard, as far as access control is concerned."""

    mode: str  # "open" | "oidc"
    person: str | None = None  # mapped person id (oidc)
    email: str | None = None
    signed_in: bool = False

    @property
    def mapped(self) -> bool:
        return self.mode == "open" or self.person is not None

    @property
    def cache_key(self) -> str:
        """Part of every cache key, so one viewer's cached data never reaches another."""
        return "open" if self.mode == "open" else f"oidc:{self.person or '-'}:{(self.email or '-').lower()}"


def person_for_email(config: Config, email: str | None) -> str | None:
    """The person id whose ``emails`` hold ``email`` (case-insensitive); None when nobody does."""
    if not email:
        return None
    wanted = email.strip().lower()
    for person in config.people:
        if any(address.lower() == wanted for address in person.emails):
            return person.id
    return None


def resolve_viewer(config: Config, user: Mapping[str, Any] | None) -> Viewer:
    """The viewer from the config's mode and the identity claims (``st.user`` as a mapping)."""
    if config.access.mode == "open":
        return Viewer(mode="open")
    claims = dict(user or {})
    signed_in = bool(claims.get("is_logged_in"))
    email = claims.get("email") if signed_in else None
    # An unverified email claim must not map to a person: anyone can register any address somewhere.
    if claims.get("email_verified") is False:
        email = None
    person = person_for_email(config, email)
    if person in config.access.exclude:
        person = None
    return Viewer(mode="oidc", person=person, email=email, signed_in=signed_in)


def _team_of(config: Config, person_id: str) -> str | None:
    for person in config.people:
        if person.id == person_id:
            return person.team
    return None


def visible_people(config: Config, viewer: Viewer) -> set[str] | None:
    """Person ids whose individual pages ``viewer`` may see; None means every non-excluded person."""
    if viewer.mode == "open":
        return None
    if viewer.person is None:
        return set()
    people = {viewer.person}
    if viewer.person in config.access.managers:
        team = _team_of(config, viewer.person)
        if team is not None:
            people |= {person.id for person in config.people if person.team == team}
    return people - set(config.access.exclude)


def can_view_person(config: Config, viewer: Viewer, subject: str) -> bool:
    """May ``viewer`` see ``subject``'s individual pages and packet?"""
    if subject in config.access.exclude:
        return False
    allowed = visible_people(config, viewer)
    return allowed is None or subject in allowed


def can_view_aggregates(viewer: Viewer) -> bool:
    """Team aggregates are for everyone who is mapped (all of ``open`` mode)."""
    return viewer.mapped


def should_audit(viewer: Viewer, subject: str) -> bool:
    """In ``oidc`` mode, every view of *another* person's individual page is audited."""
    return viewer.mode == "oidc" and viewer.person is not None and viewer.person != subject


def excluded_mentions(config: Config) -> re.Pattern[str] | None:
    """A pattern matching how free text may name an excluded person: id, full name, each part of the
    name, GitHub logins (with or without ``@``), Jira ids and emails; None when nobody is excluded.

    Used on text bodies that leave the store (``--include-text`` exports): others' comments on an
    excluded person's work often address them by name. Matching errs towards removing too much.
    """
    words: set[str] = set()
    for person in config.people:
        if person.id not in config.access.exclude:
            continue
        words |= {person.id, *person.github, *person.jira, *person.emails}
        if person.name:
            words.add(person.name)
            words |= {part for part in re.split(r"[\s\-]+", person.name) if len(part) >= 3}
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])@?(?:{alternatives})(?![\w-])", re.IGNORECASE)


def scrub_quoted(rows: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Evidence rows from :func:`metrics.quotes.quoted` with every mention of an excluded person in
    their ``quote`` and ``title`` replaced by ``[excluded]`` (a comment can name the person it answers)."""
    if excluded_mentions(config) is None or rows.empty:
        return rows
    quotes, titles = scrub_excluded(rows["quote"], config), scrub_excluded(rows["title"], config)
    return rows.assign(quote=quotes, title=titles)


def scrub_excluded(texts: pd.Series, config: Config) -> pd.Series:
    """``texts`` with every mention of an excluded person (see :func:`excluded_mentions`) replaced
    by ``[excluded]``; unchanged when nobody is excluded."""
    pattern = excluded_mentions(config)
    if pattern is None:
        return texts
    present = texts.notna()
    scrubbed = texts.copy()
    scrubbed[present] = texts[present].astype(str).str.replace(pattern, "[excluded]", regex=True)
    return scrubbed


def pseudonymise_opportunities(
    opportunities: pd.DataFrame, config: Config, allowed: set[str]
) -> pd.DataFrame:
    """The opportunities of ``allowed`` people, their reasons naming nobody else: a person the viewer
    may not see (``named``) is written "a <team> member" ("someone" without a team) instead of their
    name, as the events name them on the viewer's pages."""
    mine = opportunities[opportunities["person"].isin(allowed)].reset_index(drop=True)
    hidden = (mine["named"].notna() & ~mine["named"].isin(allowed)).to_numpy(dtype=bool)
    if not hidden.any():
        return mine
    teams = {person.id: person.team for person in config.people}
    mine = mine.copy()
    pseudonyms = [
        f"a {teams[named]} member" if teams.get(named) else "someone" for named in mine.loc[hidden, "named"]
    ]
    mine.loc[hidden, "reason"] = [
        str(reason).replace(str(name), pseudonym)
        for reason, name, pseudonym in zip(
            mine.loc[hidden, "reason"], mine.loc[hidden, "named_as"], pseudonyms, strict=True
        )
    ]
    mine.loc[hidden, "named"] = None
    mine.loc[hidden, "named_as"] = pseudonyms
    return mine
