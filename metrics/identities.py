"""Raw identities -> people and teams, from ``[[people]]`` (DESIGN §3), applied when metrics are computed.

A raw identity is what collectors store: ``github:<login>`` (logins are case-insensitive), ``jira:<id>``
(Cloud account id or Data Center username) or an email (``email:<addr>`` or a bare address). Bots are
the configured ``behaviours.bots`` and every login ending in ``[bot]``; ``github:ghost`` is a deleted
account. Neither is a person. Identities nobody maps are kept as themselves and listed by
:meth:`Identities.unmapped` with a suggestion for the Data health view.

Everything that touches a whole column goes through :meth:`Identities.resolve`, which looks up each
distinct identity once, so a million events cost a few thousand dictionary look-ups.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from collectors.config import Config, PersonConfig
from collectors.events import GHOST

#: Smallest similarity (difflib ratio of letters and digits) for a name or login suggestion.
SUGGEST_CUTOFF = 0.8
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
#: Columns of :meth:`Identities.people_frame`; ``mapped`` is false for raw identities seen in the events
#: but not in ``[[people]]``.
PEOPLE_COLUMNS: tuple[str, ...] = ("person", "name", "team", "level", "mapped")


#: Suggestions :meth:`Identities.suggest` remembers per ``[[people]]``, at most.
SUGGESTIONS_KEPT = 50_000


@functools.lru_cache(maxsize=4)
def _suggestions(people: tuple[object, ...]) -> dict[str, tuple[str, str]]:
    """The suggestions made so far for ``people`` (:attr:`Identities._suggest_key`), by identity."""
    return {}


def _bare(identity: str) -> str:
    """The part after the source prefix (``github:``, ``jira:``, ``email:``)."""
    prefix, sep, rest = identity.partition(":")
    return rest if sep and prefix in ("github", "jira", "email") else identity


def identity_key(identity: str) -> str:
    """The look-up form: GitHub logins and emails lower-cased, Jira ids kept as they are."""
    if identity.startswith("github:"):
        return identity.lower()
    if identity.startswith("email:") or (":" not in identity and "@" in identity):
        return "email:" + _bare(identity).lower()
    return identity


def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower())


def suggestion_candidates(person: PersonConfig) -> list[tuple[str, str, str]]:
    """``(what, value, squashed)`` that an unmapped identity is compared with, in order: the person's
    logins, id, name and email local parts (``squashed``: letters and digits, lower-cased)."""
    candidates = [("login", login) for login in person.github] + [("id", person.id)]
    candidates += [("name", person.name)] if person.name else []
    candidates += [("email", email) for email in person.emails]
    return [
        (what, value, _squash(value.split("@", 1)[0] if what == "email" else value))
        for what, value in candidates
    ]


def _bounds(matcher: difflib.SequenceMatcher[str]) -> Iterator[float]:
    """Upper bounds of ``matcher.ratio()``, cheapest first (computed only as far as they are asked for)."""
    yield matcher.real_quick_ratio()
    yield matcher.quick_ratio()


class Identities:
    """The identity map of one config: who is who, which team, which level, who is a bot or excluded."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.people: dict[str, PersonConfig] = {person.id: person for person in config.people}
        self.excluded: frozenset[str] = frozenset(config.access.exclude)
        self._index: dict[str, str] = {}
        for person in config.people:
            keys = [f"github:{login}" for login in person.github]
            keys += [f"jira:{account}" for account in person.jira]
            keys += [f"email:{email}" for email in person.emails]
            for key in keys:
                self._index.setdefault(identity_key(key), person.id)
            # Data Center usernames are case-insensitive; exact ids win over this fallback.
            for account in person.jira:
                self._index.setdefault(f"jira-ci:{account.lower()}", person.id)
        self._bots = {bot.lower() for bot in config.behaviours.bots}

    # -- single identities ---------------------------------------------------------------------

    def person_of(self, identity: str | None) -> str | None:
        """The person id of a raw identity, or None when nobody in ``[[people]]`` has it."""
        if not identity:
            return None
        found = self._index.get(identity_key(identity))
        if found is None and identity.startswith("jira:"):
            bare = _bare(identity)
            found = self._index.get(f"jira-ci:{bare.lower()}")
            if found is None and "@" in bare:
                found = self._index.get(f"email:{bare.lower()}")
        return found

    def is_bot(self, identity: str | None) -> bool:
        """A configured bot, or a login ending in ``[bot]``."""
        if not identity:
            return False
        bare = _bare(identity).lower()
        return bare.endswith("[bot]") or bare in self._bots or identity.lower() in self._bots

    def team_of(self, person: str | None) -> str | None:
        found = self.people.get(person) if person else None
        return found.team if found is not None else None

    def level_of(self, person: str | None) -> int | None:
        found = self.people.get(person) if person else None
        return found.level if found is not None else None

    # -- whole columns ---------------------------------------------------------------------------

    @staticmethod
    def _per_distinct(values: pd.Series, fn: Callable[[str], object], default: object) -> np.ndarray:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        mapped = np.array([fn(u) for u in uniques] + [default], dtype=object)
        return mapped[codes]  # code -1 (missing) picks the trailing default

    def resolve(self, identities: pd.Series) -> pd.Series:
        """Person id where mapped, else the raw identity; missing stays None. Same index."""
        out = self._per_distinct(identities, lambda raw: self.person_of(raw) or raw, None)
        return pd.Series(out, index=identities.index, dtype=object)

    def mapped(self, identities: pd.Series) -> np.ndarray:
        """Bool per row: the identity belongs to a configured person."""
        return self._per_distinct(identities, lambda raw: self.person_of(raw) is not None, False).astype(bool)

    def bots(self, identities: pd.Series) -> np.ndarray:
        """Bool per row: the identity is a bot."""
        return self._per_distinct(identities, self.is_bot, False).astype(bool)

    def teams(self, persons: pd.Series) -> pd.Series:
        """Team per person id (None for unmapped identities and people without a team)."""
        return pd.Series(self._per_distinct(persons, self.team_of, None), index=persons.index, dtype=object)

    def levels(self, persons: pd.Series) -> np.ndarray:
        """Level per person id as float (NaN when unknown)."""
        out = self._per_distinct(persons, self.level_of, None)
        return np.array([np.nan if v is None else v for v in out], dtype=float)

    # -- listings ----------------------------------------------------------------------------------

    def people_frame(self, unmapped: Iterable[str] = ()) -> pd.DataFrame:
        """``person, name, team, level, mapped``: configured people (not excluded), then ``unmapped``."""
        rows = [
            {"person": p.id, "name": p.display_name, "team": p.team, "level": p.level, "mapped": True}
            for p in self.config.people
            if p.id not in self.excluded
        ]
        rows += [
            {"person": raw, "name": _bare(raw), "team": None, "level": None, "mapped": False}
            for raw in sorted(set(unmapped))
        ]
        frame = pd.DataFrame(rows, columns=list(PEOPLE_COLUMNS))
        frame["level"] = frame["level"].astype("Int64")
        frame["mapped"] = frame["mapped"].astype(bool)
        return frame

    @functools.cached_property
    def _suggest_key(self) -> tuple[object, ...]:
        """All that :meth:`suggest` reads of the config: who may be suggested, and their names."""
        return tuple(
            (p.id, tuple(p.github), p.name, tuple(p.emails))
            for p in self.config.people
            if p.id not in self.excluded
        )

    def suggest(self, identity: str) -> tuple[str, str]:
        """``(person id, why)``: who this unmapped identity most likely is, else ``("", why)``.

        Same email local part first; otherwise the closest login, id, name or email local part by difflib
        ratio over letters and digits, when at least :data:`SUGGEST_CUTOFF`. Remembered per identity and
        ``[[people]]`` (:func:`_suggestions`): every person's slice of a store lists the same unmapped
        identities, and difflib over every person is slow.
        """
        memo = _suggestions(self._suggest_key)
        found = memo.get(identity)
        if found is None:
            if len(memo) >= SUGGESTIONS_KEPT:
                memo.clear()
            found = memo[identity] = self._suggest(identity)
        return found

    def _suggest(self, identity: str) -> tuple[str, str]:
        bare = _bare(identity)
        people = [p for p in self.config.people if p.id not in self.excluded]
        if "@" in bare:
            local = bare.split("@", 1)[0].lower()
            for person in people:
                for email in person.emails:
                    if email.split("@", 1)[0].lower() == local:
                        return person.id, f"same email local part as {email}"
        target = _squash(bare)
        best: tuple[float, str, str] = (0.0, "", "")
        for person in people:
            for what, value, squashed in suggestion_candidates(person):
                if not squashed or not target:
                    continue
                matcher = difflib.SequenceMatcher(None, target, squashed)
                # real_quick_ratio() and quick_ratio() bound ratio() from above: a candidate that can
                # neither beat the best so far nor reach the cutoff changes nothing, so skip its ratio()
                if any(bound <= best[0] or bound < SUGGEST_CUTOFF for bound in _bounds(matcher)):
                    continue
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, person.id, f"resembles {what} {value!r} of {person.id}")
        if best[0] >= SUGGEST_CUTOFF:
            return best[1], f"{best[2]} ({best[0]:.0%} similar)"
        return "", "no similar person in [[people]]"

    def unmapped(self, events: pd.DataFrame) -> pd.DataFrame:
        """``identity, events, suggestion, why`` for every unmapped human identity in ``actor``/``target``.

        ``events`` counts the events the identity acted in or was the target of; most events first.
        """
        others = events["target"].where(events["target"] != events["actor"])
        both = pd.concat([events["actor"], others], ignore_index=True).dropna()
        return self.unmapped_of_counts(both.value_counts())

    def unmapped_of_counts(self, counts: pd.Series) -> pd.DataFrame:
        """:meth:`unmapped` given ``counts``: the events each identity acted in or was the (other)
        target of, indexed by identity (what a store query counts instead of reading the events)."""
        rows = []
        for identity, count in counts.items():
            raw = str(identity)
            if raw == GHOST or self.is_bot(raw) or self.person_of(raw) is not None:
                continue
            suggestion, why = self.suggest(raw)
            rows.append({"identity": raw, "events": int(count), "suggestion": suggestion, "why": why})
        frame = pd.DataFrame(rows, columns=["identity", "events", "suggestion", "why"])
        frame["events"] = frame["events"].astype("int64")
        return frame.sort_values(["events", "identity"], ascending=[False, True], ignore_index=True)
