"""The demo's comments and titles for every text class the rules look at, filled with team vocabulary.

Classes follow DESIGN §7 (``defect``, ``maintainability``, ``design``, ``question``, ``praise``) plus the
other kinds of talk the behaviours read: suggestions with ```` ```suggestion ```` blocks, explanations
with links to docs, risk and deadline concerns, answers, acknowledgements and status updates. Comments
are composed from parts (:mod:`.phrasings`), so they seldom repeat; a reply is made for what it replies
to (:mod:`.exchanges`): :func:`ask` gives a question with its answer, :func:`raise_risk` a risk with
its reply, :func:`reply` what an author says to a review comment, :func:`triage` a maintainer's first
word on an issue. Every choice comes from the ``rng`` handed in, so the demo stays deterministic.
"""

from __future__ import annotations

import random
from typing import Final

from .exchanges import (
    FOLLOW_UPS,
    ISSUE_QUESTIONS,
    QUESTION_LEADS,
    QUESTIONS,
    REPLIES,
    RISK_LEADS,
    RISKS,
    TICKET_QUESTIONS,
    TRIAGE,
)
from .org import Team
from .phrasings import PHRASINGS, REVIEW_BODIES, Phrasing

FUNCS: Final = (
    "apply_fee",
    "retry_later",
    "load_rates",
    "render_total",
    "parse_event",
    "sync_batch",
    "build_payload",
    "handle_timeout",
    "resolve_locale",
    "rotate_key",
    "emit_metric",
)
#: Variable names (none that the risk vocabulary reads as a risk, such as ``deadline``).
VARS: Final = ("amount", "retries", "payload", "cursor", "due_at", "locale", "batch", "client", "ttl")

PR_TITLES: Final[dict[str, tuple[str, ...]]] = {
    "feature": (
        "Add {noun} support to {module}",
        "Handle {var} in {fn}",
        "Expose {noun} metrics",
        "Paginate the {noun} endpoint",
        "Cache {var} lookups in {module}",
    ),
    "bugfix": (
        "Fix {noun} crash on empty {var}",
        "Fix timezone bug in {fn}",
        "Stop double-counting the {noun}",
        "Fix retry loop in {module}",
    ),
    "refactor": (
        "Split {fn} into parse and apply",
        "Rename {var} in {module}",
        "Extract {noun} client",
    ),
    "tooling": (
        "CI: cache dependencies between jobs",
        "Makefile: add a lint target",
        "CI: run tests on Python 3.13",
        "Add pre-commit hooks",
        "scripts: add release helper",
    ),
    "adr": ("ADR {n:04d}: {title}",),
    "rfc": ("RFC: {title}",),
    "deps": ("Bump {package} from {old} to {new}",),
}

DESIGN_TITLES: Final = (
    "Use an outbox for {noun} events",
    "Adopt OpenTelemetry for tracing",
    "Move {module} to its own service",
    "Idempotency keys for every write API",
    "Feature flags through a single provider",
    "Retire the legacy {noun}",
)


def context(rng: random.Random, team: Team, addressee: str, other: str) -> dict[str, str]:
    """Substitutions for one piece of text about ``team``'s work addressed to ``addressee``."""
    module = rng.choice(team.modules)
    return {
        "name": addressee,
        "module": module,
        "noun": rng.choice(team.nouns),
        "fn": rng.choice(FUNCS),
        "var": rng.choice(VARS),
        "other": other,
        "ticket": f"{team.project}-{rng.randint(10, 400)}",
        "file": f"src/{module}/{rng.choice(FUNCS).split('_')[-1]}.py",
        "num": str(rng.randint(2, 9)),
    }


def _joined(lead: str, core: str) -> str:
    """``lead + core``, the core's first letter lower-cased after a lead that ends a clause
    ("Bug: off-by-one here", "Bram, a context manager"), unless it is "I" or an acronym ("CI")."""
    starts_word = core[:1].isupper() and not core[1:2].isupper() and core[:2] not in ("I ", "I'")
    if lead.endswith((": ", ", ")) and starts_word:
        return lead + core[0].lower() + core[1:]
    return lead + core


def _compose(rng: random.Random, phrasing: Phrasing, ctx: dict[str, str]) -> str:
    lead, core, tail = rng.choice(phrasing.leads), rng.choice(phrasing.cores), rng.choice(phrasing.tails)
    return (_joined(lead, core) + tail).format(**ctx)


def say(rng: random.Random, text_class: str, ctx: dict[str, str]) -> str:
    """One comment of ``text_class`` (a key of :data:`.phrasings.PHRASINGS`, or ``question`` or
    ``risk``, whose answer :func:`ask` and :func:`raise_risk` give with it), composed from parts."""
    if text_class == "question":
        return ask(rng, ctx, ctx["name"])[0]
    if text_class == "risk":
        return raise_risk(rng, ctx)[0]
    return _compose(rng, PHRASINGS[text_class], ctx)


def ask(rng: random.Random, ctx: dict[str, str], answerer: str) -> tuple[str, str]:
    """A question and an answer that fits it, about the same things; the answer is by ``answerer``."""
    question, answers = rng.choice(QUESTIONS)
    return _joined(rng.choice(QUESTION_LEADS), question).format(**ctx), rng.choice(answers).format(
        **(ctx | {"name": answerer})
    )


def ask_about_ticket(rng: random.Random, ctx: dict[str, str]) -> tuple[str, str]:
    """A question about a Jira ticket's work, and its assignee's answer."""
    question, answers = rng.choice(TICKET_QUESTIONS)
    return _joined(rng.choice(QUESTION_LEADS), question).format(**ctx), rng.choice(answers).format(**ctx)


def raise_risk(rng: random.Random, ctx: dict[str, str]) -> tuple[str, str]:
    """A risk named in a comment, and a reply that takes it up."""
    risk, replies = rng.choice(RISKS)
    return _joined(rng.choice(RISK_LEADS), risk).format(**ctx), rng.choice(replies).format(**ctx)


def issue_question(rng: random.Random, ctx: dict[str, str], answerer: str) -> tuple[str, str, str]:
    """A question asked as an issue: its title, its body and an answer that fits, by ``answerer``."""
    title, body, answers = rng.choice(ISSUE_QUESTIONS)
    answer = rng.choice(answers).format(**(ctx | {"name": answerer}))
    return title.format(**ctx), body.format(**ctx), answer


def follow_up(rng: random.Random, ctx: dict[str, str]) -> tuple[str, str]:
    """A maintainer's question to an issue's reporter, and the reporter's answer."""
    question, answers = rng.choice(FOLLOW_UPS)
    return question.format(**ctx), rng.choice(answers).format(**ctx)


def reply(rng: random.Random, to_class: str, ctx: dict[str, str]) -> str:
    """A short reply that fits a comment of ``to_class`` (``closing``: a reviewer resolving a thread)."""
    return rng.choice(REPLIES[to_class]).format(**ctx)


def triage(rng: random.Random, issue_kind: str, ctx: dict[str, str]) -> str:
    """A maintainer's first reply to an issue of ``issue_kind`` (``bug``, ``enhancement``, ``risk``)."""
    return rng.choice(TRIAGE[issue_kind]).format(**ctx)


def review_body(rng: random.Random, state: str, ctx: dict[str, str]) -> str:
    """The body of a submitted review in ``state`` (often empty for an approval)."""
    return rng.choice(REVIEW_BODIES[state]).format(**ctx)
