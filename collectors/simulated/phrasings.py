"""The demo's words: each kind of comment composed from an opening, a core and a closing.

A comment is ``lead + core + tail``; leads and tails may be empty. With a dozen cores per kind, a few
leads and tails, and the team vocabulary filled in (:func:`.texts.context`), two pull requests seldom
read alike. What a reply says to them is in :mod:`.exchanges`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Phrasing:
    """The parts of one kind of comment."""

    cores: tuple[str, ...]
    leads: tuple[str, ...] = ("",)
    tails: tuple[str, ...] = ("",)


PHRASINGS: Final[dict[str, Phrasing]] = {
    "defect": Phrasing(
        cores=(
            "This will raise on an empty `{var}`: `{fn}` indexes `[0]` before the length check.",
            "Off-by-one here: the last item of the {noun} is never processed when the page is full.",
            "`{fn}` swallows the timeout and returns None, so the caller retries forever.",
            "The connection is never closed on the error path; we will leak sockets under load.",
            "Race: two workers can both read the same `{var}` before either writes it back.",
            "We compare a naive and an aware datetime in `{fn}`, which raises TypeError at midnight UTC.",
            "Missing validation: a negative `{var}` goes straight into the {noun}.",
            "This changes the response shape of `{fn}`; the {other} client still expects a list.",
            "`{var}` is None when the {noun} is cancelled, and line {num} dereferences it without a check.",
            "The loop removes from `{var}` while iterating over it, so every other entry is skipped.",
            "Rounding happens before the sum, so the {noun} total is off by a cent on large batches.",
            "The exception from `{fn}` is logged, but the transaction still commits the half-written {noun}.",
            "The cache key leaves out the locale, so the {noun} shows the first user's currency to everyone.",
            "`{fn}` returns early when `{var}` is zero, and the lock taken above is never released.",
        ),
        leads=(
            "",
            "",
            "",
            "Bug: ",
            "{name}, careful: ",
            "Found this while testing: ",
            "I think this is wrong. ",
        ),
        tails=(
            "",
            "",
            " Could you add a test for this case?",
            " A failing test first would pin it down.",
            " Worth fixing before this merges.",
            " Easy to miss in review.",
        ),
    ),
    "maintainability": Phrasing(
        cores=(
            "Could we name this `{var}_by_id`? `data` hides what the dict holds.",
            "`{fn}` is doing three things now; splitting out the parsing would make it easier to test.",
            "This block duplicates `{module}/utils.py`; reuse the helper instead?",
            "Please add a docstring stating what `{fn}` returns when the {noun} is missing.",
            "The magic number {num}00 deserves a named constant.",
            "This file is past 600 lines; maybe move the {noun} handling into its own module.",
            "An early return would remove two levels of nesting in `{fn}`.",
            "Rename `tmp` to `pending_{var}`, so the reader knows what it holds.",
            "This branch has no test; a small unit test for the empty `{var}` would do.",
            "Type hints on `{fn}` would tell callers it can return None.",
            "The log message in `{fn}` should say which {noun} failed, not just 'error'.",
            "`{var}` and `{var}s` are two different things in this function; a clearer name would help.",
            "Extract the {noun} mapping into a helper; it is copied in three places now.",
            "A comment explaining why we skip the first `{var}` would save the next reader a search.",
        ),
        leads=("", "", "", "Nit: ", "Small one: ", "Readability: ", "{name}, one for the future: "),
        tails=("", "", "", " Not blocking.", " Happy to take this in a follow-up PR.", " Your call."),
    ),
    "design": Phrasing(
        cores=(
            "Have we considered an outbox table instead of publishing inside the transaction? "
            "It decouples the {noun} from the broker.",
            "I'd rather not add another flag to `{fn}`; a small strategy object keeps the call sites clean.",
            "Alternative approach: let {other} own this and expose an event, instead of us polling them.",
            "This couples {module} to the database schema. An interface at the boundary would let us "
            "swap it.",
            "Should the {noun} be idempotent by design? A request key would make retries safe.",
            "What about pushing this behind a feature toggle so we can ship the {noun} dark first?",
            "I would keep `{fn}` pure and move the I/O to the caller; the {noun} logic then has no mocks.",
            "Instead of a cron job, the {noun} could react to the change event; less polling, fewer races.",
            "Could we make {module} the single owner of `{var}`? Two writers is where the bugs come from.",
            "A queue between {module} and {other} would let either side deploy without the other.",
            "I'd prefer one versioned schema for the {noun} over a field per client.",
            "Rather than caching in every service, what about one read model for the {noun}?",
        ),
        leads=("", "", "", "Design question: ", "Thinking out loud: ", "{name}, bigger picture: "),
        tails=("", "", " Happy to pair on it.", " Worth an ADR?", " Not for this PR, maybe."),
    ),
    "praise": Phrasing(
        cores=(
            "Love how small this diff is for what it fixes.",
            "Great write-up in the description, it made the review quick.",
            "Neat solution, the {noun} was overdue for this.",
            "Really elegant way to handle the {noun}.",
            "Beautiful cleanup, this reads so much better now.",
            "Great work on this, the {noun} feels solid now.",
            "Lovely change, thank you for doing it properly.",
            "Nicely done, the {module} code is a pleasure to read now.",
        ),
        leads=("", "{name}, ", "Nice work, {name}! ", "Great job. "),
        tails=("", "", " 👏", " Thanks for taking the time."),
    ),
    "suggestion": Phrasing(
        cores=(
            "A context manager makes sure this is released even on errors:\n\n"
            "```suggestion\nwith {fn}(client) as {var}:\n    process({var})\n```",
            "Slightly simpler:\n\n```suggestion\nreturn [item for item in {var} if item.active]\n```",
            "To keep the logs searchable:\n\n"
            '```suggestion\nlog.info("{fn} finished", extra={{"count": len({var})}})\n```',
            "Suggest using Decimal here so rounding is explicit:\n\n"
            '```suggestion\n{var} = Decimal(raw).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)\n```',
            "Suggest a guard clause here:\n\n```suggestion\nif not {var}:\n    return []\n```",
            "A dict lookup instead of the if-chain:\n\n"
            "```suggestion\nhandler = HANDLERS.get({var}.kind, handle_unknown)\n```",
            "Suggest pulling the timeout from config:\n\n"
            "```suggestion\ntimeout = settings.{var}_timeout_s\n```",
            "`{fn}` can take the clock as an argument, which makes the test trivial:\n\n"
            "```suggestion\ndef {fn}({var}, now=datetime.now):\n```",
            "Suggest a set here, since we only test membership:\n\n```suggestion\nseen_{var} = set()\n```",
            "An enum would make the {noun} states explicit:\n\n"
            "```suggestion\nclass {var}_state(Enum):\n    PENDING = 1\n    DONE = 2\n```",
            "Suggest letting the exception carry the {noun} id:\n\n"
            '```suggestion\nraise {var}_error(f"{{{var}.id}} failed")\n```',
            "`pathlib` reads better than string joins here:\n\n"
            '```suggestion\npath = base / "{module}" / f"{{{var}}}.json"\n```',
            "Suggest batching the writes in `{fn}`:\n\n"
            "```suggestion\nsession.bulk_save_objects({var}_rows)\n```",
            "A dataclass would replace the tuple and name the fields:\n\n"
            "```suggestion\n@dataclass(frozen=True)\nclass {var}_entry:\n    id: str\n```",
        ),
        leads=("", "", "{name}, "),
    ),
    "explain": Phrasing(
        cores=(
            "when a function both fetches and transforms, tests get painful. Separate the two and you "
            "can test the transform without mocks. There's a good section on this in https://wiki.acme.example/eng/handbook/testing-pyramid",
            "the reason we avoid catching bare `Exception` in `{fn}` is that it also hides programming "
            "errors. Catch the specific error and let the rest surface. More in https://wiki.acme.example/eng/handbook/error-handling",
            "retries without jitter make every client retry at the same moment after an outage. "
            "Adding jitter spreads the retries out, see https://sre.google/sre-book/handling-overload/",
            "push configuration to the edges and pass values in, rather than reading env vars deep "
            "inside `{fn}`. https://12factor.net/config explains why.",
            "we keep money in integer cents because floats cannot hold 0.10 exactly; that is also why "
            "`{var}` goes through Decimal. Background in https://docs.python.org/3/library/decimal.html",
            "a test that sleeps is slow and flaky, since the timing differs on CI. Inject a clock into "
            "`{fn}` instead; https://wiki.acme.example/eng/handbook/testing-time has an example.",
            "the {noun} handler runs twice when the broker redelivers, which means it has to be "
            "idempotent. The pattern is described in https://wiki.acme.example/eng/handbook/idempotency",
            "we validate `{var}` at the API edge and nowhere else, so that the inner functions can trust "
            "their inputs. The handbook page: https://wiki.acme.example/eng/handbook/validation",
            "adding a column with a default rewrites the whole table, which means the {noun} stalls while "
            "it runs. Add it empty and backfill in batches; see https://wiki.acme.example/eng/handbook/migrations",
            "flags are cheap to add and costly to keep, so every flag gets an owner and a removal date. "
            "See https://martinfowler.com/bliki/FeatureToggle.html",
            "we log ids, never whole payloads, because a payload can hold personal data. More in "
            "https://wiki.acme.example/eng/handbook/logging",
        ),
        leads=("Tip, {name}: ", "{name}, ", "Worth knowing, {name}: ", "One thing to learn here: "),
    ),
    "status": Phrasing(
        cores=(
            "Update: the {noun} part is done, the tests are next.",
            "Deployed to staging, watching the dashboards for an hour before merging.",
            "Status: {fn} is refactored; the {other} integration is next.",
            "Update: split the refactor into a separate PR to keep this one small.",
            "Next steps: wire `{fn}` into the {noun} and add the migration.",
            "Update: waiting on {other} for the API change, then this can land.",
            "Progress: the {noun} path works end to end on staging; cleaning up the tests now.",
            "Update: addressed the review, the remaining part is the docs.",
            "Status: `{fn}` handles the empty `{var}` now; one more test for {module} to go.",
            "Update: rebased onto the {other} change; the {noun} tests pass again.",
            "Next step: the {module} dashboard, then this is ready for a final look.",
        ),
        tails=("", " Should be ready tomorrow.", " ETA end of the week.", " I'll ping when it is ready."),
    ),
}

REVIEW_BODIES: Final[dict[str, tuple[str, ...]]] = {
    "APPROVED": (
        "",
        "",
        "",
        "LGTM",
        "Looks good, ship it.",
        "Approved, nice work.",
        "LGTM once CI is green.",
        "Approved. Nice, clean change to the {noun}.",
        "Good to go. Thanks for splitting it up.",
    ),
    "CHANGES_REQUESTED": (  # often empty on GitHub: the inline comments say it
        "",
        "",
        "",
        "A couple of things to fix before this can go in, see inline.",
        "The error handling in `{fn}` needs another look, details inline.",
        "Requesting changes for the validation of `{var}`; the rest is fine.",
        "Close, but the empty `{var}` case needs handling first; see the comments.",
        "Blocking on the {noun} part only: `{fn}` can lose data as written. Details inline.",
        "Needs tests for `{fn}` before it can merge; the change itself looks right.",
        "Two inline comments on `{fn}`, one of them a real bug. Happy to re-review quickly.",
    ),
    "COMMENTED": (
        "",
        "",
        "",
        "A few thoughts inline, nothing blocking.",
        "Some questions inline.",
        "Left a few notes on `{fn}`; none of them blocking.",
        "Questions inline about the {noun}; I'll approve once they're answered.",
    ),
}
