"""Identity mapping: case-insensitive logins, Jira ids, emails, bots, exclusion and suggestions."""

import difflib
import random

import pandas as pd

from metrics.identities import SUGGEST_CUTOFF, Identities, _squash, suggestion_candidates
from tests.metrics.builders import config


def test_raw_identities_map_to_people_and_teams() -> None:
    ids = Identities(config())
    raw = pd.Series(["github:ADA", "jira:ada", "email:Ada.Lovelace@ACME.com", "github:zed", None])
    assert list(ids.resolve(raw)) == ["ada", "ada", "ada", "github:zed", None]
    assert list(ids.teams(ids.resolve(raw))) == ["payments", "payments", "payments", None, None]
    assert list(ids.mapped(raw)) == [True, True, True, False, False]


def test_bots_are_configured_or_end_in_bot() -> None:
    ids = Identities(config(behaviours={"bots": ["ci-robot"]}))
    raw = pd.Series(["github:dependabot[bot]", "github:CI-Robot", "github:ada", "jira:ci-robot", None])
    assert list(ids.bots(raw)) == [True, True, False, True, False]


def test_unmapped_identities_are_listed_with_suggestions() -> None:
    events = pd.DataFrame(
        {
            "actor": ["github:ada-lovelace", "github:ada-lovelace", "jira:ada.lovelace@other.org",
                      "github:zed-freelance", "github:renovate[bot]", "github:ghost", "github:bob"],
            "target": [None, "github:ada-lovelace", None, None, None, None, "github:zed-freelance"],
        }
    )  # fmt: skip
    unmapped = Identities(config()).unmapped(events)
    assert list(unmapped["identity"]) == [
        "github:ada-lovelace",
        "github:zed-freelance",
        "jira:ada.lovelace@other.org",
    ]
    assert list(unmapped["events"]) == [2, 2, 1]
    assert list(unmapped["suggestion"]) == ["ada", "", "ada"]
    assert unmapped["why"].iloc[0].startswith("resembles email 'ada.lovelace@acme.com' of ada")
    assert unmapped["why"].iloc[2] == "same email local part as ada.lovelace@acme.com"
    assert unmapped["why"].iloc[1] == "no similar person in [[people]]"


def test_people_frame_leaves_out_excluded_people_and_adds_unmapped() -> None:
    ids = Identities(config(access={"exclude": ["bob"]}))
    people = ids.people_frame(["github:zed"])
    assert list(people["person"]) == ["ada", "cy", "dee", "finn", "github:zed"]
    assert list(people["mapped"]) == [True, True, True, True, False]
    assert people["level"].iloc[0] == 4 and pd.isna(people["level"].iloc[3])


def test_a_remembered_suggestion_is_that_of_its_own_people() -> None:
    """Suggestions are remembered across slices of a store, per ``[[people]]``: a config that excludes
    the person suggested before, or does not list them, gets its own answer, not the remembered one."""
    assert Identities(config()).suggest("github:ada-lovelace")[0] == "ada"
    assert Identities(config()).suggest("github:ada-lovelace")[0] == "ada"  # remembered, the same
    assert Identities(config(access={"exclude": ["ada"]})).suggest("github:ada-lovelace")[0] != "ada"
    full = config()
    others = Identities(full.model_copy(update={"people": [p for p in full.people if p.id != "ada"]}))
    assert others.suggest("github:ada-lovelace") == others._suggest("github:ada-lovelace")
    assert others.suggest("github:ada-lovelace")[0] != "ada"


def _best_by_every_ratio(ids: Identities, identity: str) -> tuple[str, str]:
    """The suggestion of ``identity`` by difflib ``ratio()`` over every candidate, nothing skipped: the
    oracle the bounded search must equal (same order, same strict "better than the best so far")."""
    target = _squash(identity.partition(":")[2])
    best = (0.0, "", "")
    for person in ids.config.people:
        for what, value, squashed in suggestion_candidates(person):
            ratio = difflib.SequenceMatcher(None, target, squashed).ratio()
            if squashed and target and ratio > best[0]:
                best = (ratio, person.id, f"resembles {what} {value!r} of {person.id}")
    if best[0] >= SUGGEST_CUTOFF:
        return best[1], f"{best[2]} ({best[0]:.0%} similar)"
    return "", "no similar person in [[people]]"


def test_bounded_suggestions_equal_every_ratio() -> None:
    """Skipping candidates whose quick ratios cannot win changes no suggestion: 400 random near-miss
    identities against 60 people whose logins, names and emails resemble each other."""
    rng = random.Random(18)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789-."
    stems = ["".join(rng.choice(letters[:26]) for _ in range(rng.randint(3, 9))) for _ in range(20)]
    people, taken = [], set()
    for n in range(60):
        stem = rng.choice(stems)
        login = stem + rng.choice(["", "-dev", "x"])
        login = login if login not in taken else f"{login}{n}"  # an account is one person's
        taken.add(login)
        people.append({"id": f"p{n}", "name": f"{stem.title()} {rng.choice(stems).title()}", "team": "web",
                       "github": [login], "emails": [f"{stem}.{n}@acme.com"]})  # fmt: skip
    ids = Identities(config(people=people))
    for _ in range(400):
        word = list(rng.choice(stems) + rng.choice(["", "-dev", "2", "-acme"]))
        for _ in range(rng.randint(0, 3)):  # typos: a letter changed, dropped or added
            at = rng.randrange(len(word))
            edit = rng.randrange(3)
            if edit == 0:
                word[at] = rng.choice(letters)
            elif edit == 1 and len(word) > 1:
                del word[at]
            else:
                word.insert(at, rng.choice(letters))
        identity = "github:" + "".join(word)
        assert ids._suggest(identity) == _best_by_every_ratio(ids, identity), identity
