"""What an opportunity kind is, the registry of kinds, and what their ``select`` functions see.

An opportunity is a chance to practise a behaviour that the events show waiting, as of the end of a
window: a pull request nobody has reviewed, a question nobody has answered. A kind is declared once,
like a behaviour rule (:mod:`metrics.rules.base`), with the :func:`opportunity` decorator::

    @opportunity("waiting_review", behaviours=("unblocking", "mentoring"),
                 description="...", reason="{item} by {author} has waited {waited:.0f} h for a first review")
    def waiting_review(octx: OpportunityContext) -> pd.DataFrame:
        ...  # one row per (person, chance): person, item, url, since and the reason's fields

``select`` returns ``person`` (who could take the chance), ``item``, ``url``, ``since`` (when the chance
began, UTC) and every field the reason template names; optionally ``behaviours``, a tuple per row of
the declared behaviours this row would grow (default: all of them), and ``named``, the person (id, or
raw identity) whose name the reason shows (written with :meth:`OpportunityContext.names`), so a view
that may not show that person can put a pseudonym in its place. The reason template is checked
when the kind is declared (it parses) and on its first run (``select`` returns its fields).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from string import Formatter

import numpy as np
import pandas as pd

from collectors.config import Config
from collectors.events import utc

from ..behaviours import BEHAVIOUR_IDS
from ..identities import Identities
from ..prepare import RuleContext

Select = Callable[["OpportunityContext"], pd.DataFrame]
#: What every ``select`` returns besides the reason's fields.
REQUIRED: tuple[str, ...] = ("person", "item", "url", "since")


@dataclass(frozen=True)
class Opportunity:
    """One kind of opportunity: its id (the ``kind`` column), the behaviours it would grow, a
    description for people, a reason template over the fields ``select`` returns, and ``select``."""

    id: str
    behaviours: tuple[str, ...]
    description: str
    reason: str
    select: Select

    def fields(self) -> list[str]:
        """Names the reason template uses; ``ValueError`` for a template that does not parse."""
        try:
            return [name for _, name, _, _ in Formatter().parse(self.reason) if name]
        except ValueError as exc:
            raise ValueError(
                f"opportunity {self.id!r}: reason {self.reason!r} is not a template: {exc}"
            ) from None

    def check_result(self, selected: pd.DataFrame) -> None:
        """``ValueError`` when ``select`` lacks a required column or a field the reason names, or
        names a behaviour the kind does not declare."""
        missing = [name for name in [*REQUIRED, *self.fields()] if name not in selected.columns]
        if missing:
            returned = ", ".join(map(str, selected.columns)) or "nothing"
            raise ValueError(
                f"opportunity {self.id!r}: select returns no {', '.join(missing)} (it returns {returned})"
            )
        if "behaviours" in selected and len(selected):
            named = {b for row in selected["behaviours"] for b in row}
            undeclared = sorted(named - set(self.behaviours))
            if undeclared:
                raise ValueError(
                    f"opportunity {self.id!r}: rows name undeclared behaviours {', '.join(undeclared)}"
                )


REGISTRY: list[Opportunity] = []


def opportunity(
    kind: str, *, behaviours: tuple[str, ...], description: str, reason: str
) -> Callable[[Select], Select]:
    """Register ``select`` as opportunity ``kind``; its behaviours must exist."""
    unknown = [b for b in behaviours if b not in BEHAVIOUR_IDS]
    if not behaviours or unknown:
        raise ValueError(f"opportunity {kind!r}: unknown or no behaviours {unknown or list(behaviours)}")
    if any(existing.id == kind for existing in REGISTRY):
        raise ValueError(f"opportunity {kind!r} is declared twice")

    def register(select: Select) -> Select:
        declared = Opportunity(kind, tuple(behaviours), description, reason, select)
        declared.fields()  # the template parses, or the kind is refused here
        REGISTRY.append(declared)
        return select

    return register


@dataclass
class OpportunityContext:
    """What an opportunity's ``select`` sees: the rules' context (prepared events, config, identities,
    text classes) and the window, ``[since, until)``; ``since`` None means from the first event.

    Everything is as of ``until``: acts at or after it are ignored. Acts of excluded people are
    ignored everywhere (they are no responses, and their items and questions make no rows), except Jira
    status changes, which are the issue's state rather than anyone's act.
    """

    rules: RuleContext
    until: pd.Timestamp
    since: pd.Timestamp | None = None

    @classmethod
    def of(cls, rules: RuleContext, until: datetime, since: datetime | None = None) -> OpportunityContext:
        start = pd.Timestamp(utc(since)) if since is not None else None
        return cls(rules, pd.Timestamp(utc(until)), start)

    @property
    def config(self) -> Config:
        return self.rules.config

    @cached_property
    def _kept(self) -> np.ndarray:
        """Bool per event: before ``until`` and not an act of an excluded person."""
        events = self.rules.events
        excluded = events["actor_person"].isin(self.rules.identities.excluded).to_numpy(dtype=bool)
        return (events["created_at"] < self.until).to_numpy(dtype=bool) & ~excluded

    def acts(self, *kinds: str, columns: list[str]) -> pd.DataFrame:
        """The prepared events of ``kinds`` before ``until`` (index = positions), without excluded
        people's acts."""
        rows = self.rules.rows(*kinds)
        rows = rows[self._kept[rows]]
        return self.rules.events[columns].iloc[rows]

    def in_window(self, times: pd.Series) -> pd.Series:
        """Bool per time: within ``[since, until)``."""
        keep = times < self.until
        return keep & (times >= self.since) if self.since is not None else keep

    @cached_property
    def members(self) -> pd.DataFrame:
        """:func:`members_of` the config."""
        return members_of(self.config, self.rules.identities)

    def name_of(self, person: object) -> str:
        """:func:`display_name` of a person."""
        return display_name(self.rules.identities, person)

    def names(self, persons: pd.Series) -> pd.Series:
        """:func:`display_names` of each value."""
        return display_names(self.rules.identities, persons)


def members_of(config: Config, identities: Identities) -> pd.DataFrame:
    """``team, person, level``: every configured person with a team, not excluded and no bot."""
    rows = [
        (person.team, person.id, np.nan if person.level is None else float(person.level))
        for person in config.people
        if person.team is not None
        and person.id not in identities.excluded
        and not any(identities.is_bot(f"github:{login}") for login in person.github)
    ]
    return pd.DataFrame(rows, columns=["team", "person", "level"])


def display_name(identities: Identities, person: object) -> str:
    """A person's display name; an unmapped identity without its source prefix."""
    if not isinstance(person, str):
        return "someone"
    found = identities.people.get(person)
    if found is not None:
        return found.display_name
    return person.split(":", 1)[1] if person.startswith(("github:", "jira:")) else person


def display_names(identities: Identities, persons: pd.Series) -> pd.Series:
    """:func:`display_name` of each value, looked up once per distinct value."""
    codes, uniques = pd.factorize(persons, use_na_sentinel=True)
    shown = np.array([display_name(identities, value) for value in uniques] + ["someone"], dtype=object)
    return pd.Series(shown[codes], index=persons.index, dtype=object)


def for_members(octx: OpportunityContext, frame: pd.DataFrame, *leave_out: str) -> pd.DataFrame:
    """:func:`with_members` of the context's members."""
    return with_members(octx.members, frame, *leave_out)


def with_members(members: pd.DataFrame, frame: pd.DataFrame, *leave_out: str) -> pd.DataFrame:
    """One row per row of ``frame`` and member (:func:`members_of`) of its ``team`` (a column), with
    ``person`` and ``person_level``; members named in the ``leave_out`` columns (the author, the asker)
    get none."""
    members = members.rename(columns={"level": "person_level"})
    if frame.empty or members.empty:
        return frame.iloc[0:0].assign(person=pd.Series(dtype=object), person_level=pd.Series(dtype=float))
    out = frame.merge(members, on="team", how="inner")
    for column in leave_out:
        out = out[(out["person"] != out[column]).to_numpy(dtype=bool)]
    return out.reset_index(drop=True)


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """``table[key]`` for each of ``keys`` (missing where ``table`` has none); same index as ``keys``.
    Unlike ``Series.map``, an empty ``table`` of any dtype is fine."""
    found = table.reindex(keys.to_numpy())  # keeps the table's dtype (a time zone too)
    return found.set_axis(keys.index)


def listed(items: pd.Series, most: int = 5) -> str:
    """``a, b, c`` of the first ``most`` values, then ``and N more``."""
    values = [str(value) for value in items]
    shown = ", ".join(values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")
