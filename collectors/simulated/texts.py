"""Comment and title templates for every text class the rules look at, filled with team vocabulary.

Classes follow DESIGN §7 (``defect``, ``maintainability``, ``design``, ``question``, ``praise``) plus the
other kinds of talk the behaviours read: suggestions with ```` ```suggestion ```` blocks, explanations
with links to docs, risk and deadline concerns, answers, acknowledgements and status updates.
"""

from __future__ import annotations

import random
from typing import Final

from .org import Team

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
VARS: Final = ("amount", "retries", "payload", "cursor", "deadline", "locale", "batch", "client", "ttl")
DOCS: Final = (
    "https://docs.python.org/3/library/contextlib.html",
    "https://docs.python.org/3/library/decimal.html",
    "https://developer.mozilla.org/en-US/docs/Web/Accessibility",
    "https://sre.google/sre-book/handling-overload/",
    "https://12factor.net/config",
    "https://martinfowler.com/bliki/FeatureToggle.html",
    "https://wiki.acme.example/eng/handbook/error-handling",
    "https://wiki.acme.example/eng/handbook/testing-pyramid",
)

TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "defect": (
        "This will raise on an empty {var}: `{fn}` indexes `[0]` before the length check.",
        "Off-by-one here: the last item of the {noun} is never processed when the page is full.",
        "`{fn}` swallows the timeout and returns None, so the caller retries forever.",
        "The connection is never closed on the error path; we will leak sockets under load.",
        "Race: two workers can both read the same {var} before either writes it back.",
        "We compare a naive and an aware datetime here, which raises TypeError at midnight UTC.",
        "Missing validation: a negative {var} goes straight into the {noun}.",
        "This changes the response shape of `{fn}`; the {other} client still expects a list.",
    ),
    "maintainability": (
        "Could we name this `{var}_by_id`? `data` hides what the dict holds.",
        "`{fn}` is doing three things now; splitting out the parsing would make it easier to test.",
        "Nit: this block duplicates `{module}/utils.py`; reuse the helper instead?",
        "Please add a docstring stating what `{fn}` returns when the {noun} is missing.",
        "The magic number 86400 deserves a named constant.",
        "This file is past 600 lines; maybe move the {noun} handling into its own module.",
        "Readability: an early return would remove two levels of nesting here.",
    ),
    "design": (
        "Have we considered an outbox table instead of publishing inside the transaction? "
        "It decouples the {noun} from the broker.",
        "I'd rather not add another flag to `{fn}`; a small strategy object keeps the call sites clean.",
        "Alternative approach: let {other} own this and expose an event, instead of us polling them.",
        "This couples {module} to the database schema. An interface at the boundary would let us swap it.",
        "Should the {noun} be idempotent by design? A request key would make retries safe.",
        "What about pushing this behind a feature toggle so we can ship the {noun} dark first?",
    ),
    "question": (
        "Why do we need the extra copy of {var} here?",
        "Is `{fn}` called from anywhere else, or only from the {noun}?",
        "What happens to in-flight requests during the rollout?",
        "Do you know if {other} relies on the old behaviour?",
        "How did you test this against the {noun}?",
        "Is there a ticket for the follow-up?",
    ),
    "answer": (
        "Good question: it's only called from the {noun}, I checked with a grep across the repos.",
        "We copy it because `{fn}` mutates its argument; I've added a comment saying so.",
        "In-flight requests drain for 30 s before the pod stops, see the preStop hook.",
        "I asked in #team-{other} and they don't rely on it.",
        "Tested locally against the staging {noun} and added a regression test for the empty case.",
        "Yes, {ticket} tracks the follow-up.",
    ),
    "praise": (
        "Really nice test coverage on the edge cases, {name}. 👏",
        "This is much easier to follow than the old version, great job.",
        "Love how small this diff is for what it fixes.",
        "Great write-up in the description, it made the review quick.",
        "Neat solution, {name}! The {noun} was overdue for this.",
    ),
    "suggestion": (
        "A context manager makes sure this is released even on errors:\n\n"
        "```suggestion\nwith {fn}(client) as {var}:\n    process({var})\n```",
        "Slightly simpler:\n\n```suggestion\nreturn [item for item in {var} if item.active]\n```",
        "To keep the logs searchable:\n\n"
        '```suggestion\nlog.info("{fn} finished", extra={{"count": len({var})}})\n```',
        "Suggest using Decimal here so rounding is explicit:\n\n"
        '```suggestion\n{var} = Decimal(raw).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)\n```',
    ),
    "explain": (
        "Tip, {name}: when a function both fetches and transforms, tests get painful. Separate the "
        "two and you can test the transform without mocks. There's a good section on this in {doc}",
        "{name}, the reason we avoid catching bare `Exception` here is that it also hides programming "
        "errors. Catch the specific error and let the rest surface. More in {doc}",
        "Worth knowing: retries without jitter make every client retry at the same moment after an "
        "outage. Adding jitter spreads the load, see {doc}",
        "This works! One pattern to learn for next time: push configuration to the edges and pass "
        "values in, rather than reading env vars deep inside `{fn}`. {doc} explains why.",
    ),
    "risk": (
        "Heads-up: this touches the {noun} two days before the release freeze. Can we land it behind "
        "a flag, or wait until after?",
        "Risk: if the migration fails halfway we have no rollback for the {noun}. Let's write one first.",
        "Security concern: the token ends up in the debug log here. Please redact it.",
        "I'm worried this will regress p99 latency on the {noun}; can we load-test before merging?",
        "The deadline for {ticket} is Friday and this is on its critical path; flagging so we can "
        "re-plan early.",
    ),
    "status": (
        "Rebased on main, conflicts resolved.",
        "Update: the {noun} part is done, the tests are next. Should be ready tomorrow.",
        "Deployed to staging, watching the dashboards for an hour before merging.",
        "Split the refactor into a separate PR to keep this one small.",
        "CI flake again on the {module} suite; re-running.",
    ),
    "ack": (
        "Done, thanks!",
        "Good catch, fixed.",
        "Fixed in the latest push.",
        "Makes sense, changed it.",
        "Agreed, I've opened {ticket} for it.",
        "Thanks for explaining, that helps a lot.",
    ),
}

REVIEW_BODIES: Final[dict[str, tuple[str, ...]]] = {
    "APPROVED": ("", "", "LGTM", "Looks good, ship it.", "Approved, nice work.", "LGTM once CI is green."),
    "CHANGES_REQUESTED": (
        "A couple of things to fix before this can go in, see inline.",
        "The error handling needs another look, details inline.",
        "Requesting changes for the validation issue; the rest is fine.",
    ),
    "COMMENTED": ("", "", "A few thoughts inline, nothing blocking.", "Some questions inline."),
}

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
        "doc": rng.choice(DOCS),
        "other": other,
        "ticket": f"{team.project}-{rng.randint(10, 400)}",
        "file": f"src/{module}/{rng.choice(FUNCS).split('_')[-1]}.py",
    }


def say(rng: random.Random, text_class: str, ctx: dict[str, str]) -> str:
    """One filled-in template of ``text_class``."""
    return rng.choice(TEMPLATES[text_class]).format(**ctx)


def review_body(rng: random.Random, state: str) -> str:
    return rng.choice(REVIEW_BODIES[state])
