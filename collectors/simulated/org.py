"""The fictional organisation behind the demo: teams, people, their accounts, bots and strays.

Everything here is fixed (independent of the seed), because the bundled ``footprint.toml`` describes
exactly these people. Names are invented and deliberately whimsical so nobody mistakes them for real
people. Jira account ids are Cloud-style (``557058:<uuid>``), derived from the person id so they never
change between builds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Final

ORG: Final = "acme"
EMAIL_DOMAIN: Final = "acme.example"
JIRA_URL: Final = "https://acme.atlassian.net"
_ACCOUNT_NS: Final = uuid.UUID("6d1f3c2e-5b7a-4e39-9a61-0d2c8f4b7e15")


def jira_account_id(key: str) -> str:
    """A stable Cloud-style account id for ``key``."""
    return f"557058:{uuid.uuid5(_ACCOUNT_NS, key)}"


@dataclass(frozen=True, slots=True)
class Team:
    """A team, the repository and Jira project it owns, and the vocabulary of its work."""

    name: str
    repo: str
    project: str
    modules: tuple[str, ...]
    nouns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """A configured person: id, display name, team, level (1-5) and one account per source."""

    id: str
    name: str
    team: str
    level: int
    login: str

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def account(self) -> str:
        return jira_account_id(self.id)

    @property
    def email(self) -> str:
        return f"{self.name.lower().replace(' ', '.').replace('-', '')}@{EMAIL_DOMAIN}"


TEAMS: Final = (
    Team(
        "payments",
        f"{ORG}/payments",
        "PAY",
        ("ledger", "refunds", "settlement", "payouts", "fx"),
        ("idempotency key", "refund flow", "settlement batch", "currency rounding", "payout webhook"),
    ),
    Team(
        "web",
        f"{ORG}/web",
        "WEB",
        ("checkout", "cart", "account", "search", "i18n"),
        ("checkout page", "cart drawer", "bundle size", "a11y audit", "translation keys"),
    ),
    Team(
        "platform",
        f"{ORG}/platform",
        "PLAT",
        ("deploy", "observability", "k8s", "ci", "secrets"),
        ("deploy pipeline", "alert routing", "node pool", "CI cache", "secret rotation"),
    ),
)

PEOPLE: Final = (
    Person("marlowe", "Marlowe Tinderbox", "payments", 5, "marlowe-t"),
    Person("juno", "Juno Kettleby", "payments", 4, "junokettle"),
    Person("ravi", "Ravi Lanternfish", "payments", 3, "ravi-lf"),
    Person("odile", "Odile Brasswick", "payments", 2, "obrasswick"),
    Person("tobias", "Tobias Fernhollow", "payments", 1, "tobi-fern"),
    Person("priya", "Priya Moonwhistle", "web", 5, "priyamw"),
    Person("casimir", "Casimir Puddleford", "web", 3, "cas-puddle"),
    Person("lena", "Lena Quillfeather", "web", 3, "lenaq"),
    Person("dario", "Dario Thistlewood", "web", 2, "dthistle"),
    Person("noor", "Noor Cobblestone", "web", 1, "noor-cobble"),
    Person("hattie", "Hattie Gearwright", "platform", 5, "hgearwright"),
    Person("felix", "Felix Starling-Vane", "platform", 4, "felix-sv"),
    Person("imani", "Imani Copperkettle", "platform", 3, "imanick"),
    Person("bram", "Bram Willowmere", "platform", 2, "bram-wm"),
    Person("suki", "Suki Bramblecot", "platform", 1, "sukib"),
)

#: GitHub bots as GraphQL reports them (``__typename: Bot``, login without ``[bot]``).
DEPENDABOT: Final = {"__typename": "Bot", "login": "dependabot"}
ACTIONS_BOT: Final = {"__typename": "Bot", "login": "github-actions"}
CI_BOT: Final = {"__typename": "Bot", "login": "acme-ci"}
BOT_LOGINS: Final = ("dependabot[bot]", "github-actions[bot]", "acme-ci[bot]", "renovate[bot]")

#: Deliberately unmapped identities: a contractor nobody added to ``[[people]]``, and an old personal
#: login of Lena's whose name resembles her email (material for identity suggestions).
CONTRACTOR_LOGIN: Final = "zed-freelance"
ALIAS_LOGIN: Final = "lena-quillfeather"
UNMAPPED_GITHUB: Final = (f"github:{CONTRACTOR_LOGIN}", f"github:{ALIAS_LOGIN}")
#: A Jira account of the same contractor, also unmapped.
CONTRACTOR_JIRA: Final = jira_account_id("zed-contractor")
UNMAPPED_JIRA: Final = (f"jira:{CONTRACTOR_JIRA}",)


def members(team: str) -> list[Person]:
    return [person for person in PEOPLE if person.team == team]


def gh_user(person: Person | str) -> dict[str, Any]:
    """A GraphQL ``author`` object of a person or of a raw login."""
    login = person.login if isinstance(person, Person) else person
    return {"__typename": "User", "login": login}


def jira_user(person: Person | None) -> dict[str, Any] | None:
    """A Jira Cloud user object (REST v2), as embedded in issues, comments and changelogs."""
    if person is None:
        return None
    return jira_account_user(person.account, person.name)


def contractor_jira_user() -> dict[str, Any]:
    return jira_account_user(CONTRACTOR_JIRA, "Zed (contractor)")


def jira_account_user(account_id: str, name: str) -> dict[str, Any]:
    """A Jira Cloud user object (REST v2) of an account id."""
    return {
        "self": f"{JIRA_URL}/rest/api/2/user?accountId={account_id}",
        "accountId": account_id,
        "displayName": name,
        "active": True,
        "accountType": "atlassian",
        "timeZone": "Europe/London",
    }
