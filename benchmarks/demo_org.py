"""The demo organisation scaled up for the dashboard benchmark: copies of the demo's events, either all
with the demo's 15 people (``demo``: each person is in about a fifth of all items, however large the
store) or, per group of copies, with a group's own people, repositories and Jira projects
(``org``: about 200 people in about 20 teams at 1,000,000 events, each person in about 1 % of items,
as in an organisation of that size).

In ``org`` mode copy ``k`` belongs to group ``k % groups``; group ``g`` renames every identity (GitHub
login, Jira account; bots and deleted accounts are kept) to ``<identity>-g<g>``, in the events' actor
and target and wherever ``attrs`` names one, every repository ``owner/name`` to ``owner/name-g<g>``
and every Jira project ``KEY`` to ``KEYG<g>``. Groups ``2t`` and ``2t + 1`` make the teams ``<team>-<t>``
(about ten people each, owning both groups' repositories and projects). Texts are the demo's, so the
text-class mix stays realistic.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import tomli_w

from collectors.events import GHOST, Event
from collectors.simulated import demo_config_text

#: The people an ``org`` store aims at (groups of the demo's 15 people each, at most one per copy).
ORG_PEOPLE = 200
#: Groups of copies sharing a team (two demo teams of five make one of ten).
GROUPS_PER_TEAM = 2
#: From this many events up, ``org`` is the default density.
ORG_FROM_EVENTS = 200_000


@dataclass(frozen=True, slots=True)
class Density:
    """What a benchmark store holds: people and teams configured, items, and the mean share of items
    one configured person acts in or is the target of."""

    people: int
    teams: int
    items: int
    mean_items_per_person: float

    def line(self) -> str:
        share = self.mean_items_per_person / self.items if self.items else 0.0
        return (
            f"density: {self.people} people in {self.teams} teams; {self.items:,} items, "
            f"a person is in {self.mean_items_per_person:,.0f} of them on average ({share:.1%})"
        )


def groups_for(copies: int, mode: str) -> int:
    """How many identity groups ``copies`` copies get: 1 for ``demo``; for ``org`` enough groups of
    15 people to make about :data:`ORG_PEOPLE`, never more than the copies."""
    if mode == "demo":
        return 1
    return max(1, min(copies, round(ORG_PEOPLE / 15)))


def _is_renamed(identity: str | None) -> bool:
    return bool(identity) and identity != GHOST and not str(identity).endswith("[bot]")


def _repo(container: str, g: int) -> str:
    return f"{container}-g{g}" if "/" in container else f"{container}G{g}"


def _attrs(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _attrs(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_attrs(item, names) for item in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


class Organisation:
    """Copies of ``base`` (the demo's events) in ``groups`` identity groups, and their config."""

    def __init__(self, base: list[Event], groups: int) -> None:
        self.base = base
        self.groups = groups
        identities = {e.actor for e in base} | {e.target for e in base}
        self._identities = sorted(i for i in identities if i is not None and _is_renamed(i))
        self._demo = tomllib.loads(demo_config_text())

    def _names(self, g: int) -> dict[str, str]:
        return {identity: f"{identity}-g{g}" for identity in self._identities}

    def copy(self, k: int) -> Iterator[Event]:
        """The events of copy ``k``: new event ids and items; in its group's identities when the
        store has several groups."""
        g = k % self.groups
        names = self._names(g) if self.groups > 1 else {}
        for event in self.base:
            if k == 0 and not names:
                yield event
                continue
            changes: dict[str, Any] = {"event_id": f"{event.event_id}-c{k}", "item": f"{event.item}-c{k}"}
            if names:
                changes.update(
                    actor=names.get(event.actor, event.actor) if event.actor else event.actor,
                    target=names.get(event.target, event.target) if event.target else event.target,
                    container=_repo(event.container, g),
                    attrs=_attrs(event.attrs, names),
                )
            yield dataclasses.replace(event, **changes)

    def team_name(self, team: str, g: int) -> str:
        return team if self.groups == 1 else f"{team}-{g // GROUPS_PER_TEAM}"

    def config(self, store_url: str) -> dict[str, Any]:
        """The demo config with the store at ``store_url`` and, with several groups, every group's
        people, teams, repositories and Jira projects."""
        config = dict(self._demo)
        config["store"] = {**config["store"], "url": store_url}
        if self.groups == 1:
            return config
        groups = range(self.groups)
        demo_teams, demo_people = self._demo["teams"], self._demo["people"]
        config["github"] = {
            **config["github"],
            "repos": [_repo(r, g) for g in groups for r in config["github"]["repos"]],
        }
        config["jira"] = {
            **config["jira"],
            "projects": [_repo(p, g) for g in groups for p in config["jira"]["projects"]],
        }
        teams: dict[str, dict[str, Any]] = {}
        for g in groups:
            for team in demo_teams:
                entry = teams.setdefault(
                    self.team_name(team["name"], g),
                    {"name": self.team_name(team["name"], g), "repos": [], "jira_projects": []},
                )
                entry["repos"] += [_repo(r, g) for r in team.get("repos", [])]
                entry["jira_projects"] += [_repo(p, g) for p in team.get("jira_projects", [])]
        config["teams"] = list(teams.values())
        config["people"] = [
            {
                **person,
                "id": f"{person['id']}-g{g}",
                "name": f"{person['name']} G{g}",
                "team": self.team_name(person["team"], g),
                "github": [f"{login}-g{g}" for login in person.get("github", [])],
                "jira": [f"{account}-g{g}" for account in person.get("jira", [])],
                "emails": [email.replace("@", f"+g{g}@") for email in person.get("emails", [])],
            }
            for g in groups
            for person in demo_people
        ]
        managers = config["access"].get("managers", [])
        config["access"] = {**config["access"], "managers": [f"{m}-g{g}" for g in groups for m in managers]}
        return config

    def config_text(self, store_url: str) -> str:
        return tomli_w.dumps(self.config(store_url))

    def first_team(self) -> str:
        """A team to filter by: the demo's first, in group 0."""
        return self.team_name(self._demo["teams"][0]["name"], 0)

    def density(self, copies: int) -> Density:
        """:class:`Density` of ``copies`` copies (counted on the demo's events: a copy's items are new)."""
        owner: dict[str, str] = {}
        for person in self._demo["people"]:
            owner |= {f"github:{login}": person["id"] for login in person.get("github", [])}
            owner |= {f"jira:{account}": person["id"] for account in person.get("jira", [])}
        items_of: dict[str, set[str]] = {}
        for event in self.base:
            for identity in (event.actor, event.target):
                if identity in owner:
                    items_of.setdefault(owner[identity], set()).add(event.item)
        per_copy = {person["id"]: len(items_of.get(person["id"], ())) for person in self._demo["people"]}
        sizes = [len(range(g, copies, self.groups)) for g in range(self.groups)]  # copies per group
        counts = [n * size for size in sizes for n in per_copy.values()]
        teams = {self.team_name(t["name"], g) for g in range(self.groups) for t in self._demo["teams"]}
        items = len({event.item for event in self.base}) * copies
        return Density(len(counts), len(teams), items, sum(counts) / len(counts) if counts else 0.0)
