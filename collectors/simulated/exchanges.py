"""The demo's exchanges: comments that ask or warn, each with the replies that fit it.

A question carries the answers to it (:data:`QUESTIONS`, :data:`ISSUE_QUESTIONS`,
:data:`TICKET_QUESTIONS`, :data:`FOLLOW_UPS`), a risk the replies that take it up (:data:`RISKS`), and each
kind of review comment the author's replies (:data:`REPLIES`), so that a reply answers what was said.
"""

from __future__ import annotations

from typing import Final

#: How a question or a risk may open.
QUESTION_LEADS: Final = ("", "", "", "{name}, ", "Quick question: ", "Curious: ")
RISK_LEADS: Final = ("", "", "", "{name}, ", "Flagging this: ")
#: Questions and the answers that fit them (an answer is picked from the same entry).
QUESTIONS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        "Why do we need the extra copy of `{var}` here?",
        (
            "Because `{fn}` mutates its argument; I've added a comment saying so.",
            "We don't, good point: it was left over from an earlier version. Removed it.",
        ),
    ),
    (
        "Is `{fn}` called from anywhere else, or only from the {noun}?",
        (
            "Only from the {noun}; I checked with a grep across the repos.",
            "Also from the {other} batch job, so I kept the signature as it was.",
        ),
    ),
    (
        "What happens to in-flight requests during the rollout?",
        (
            "They drain for {num}0 s before the {module} pod stops, see the preStop hook.",
            "The old {module} pods keep serving until the new ones pass the readiness check, so none "
            "are lost.",
        ),
    ),
    (
        "Do you know if {other} relies on the old behaviour of `{fn}`?",
        (
            "I asked in #team-{other} and they don't rely on it.",
            "They do for one report; I kept the old field until {ticket} moves them over.",
        ),
    ),
    (
        "How did you test this against the {noun}?",
        (
            "Against the staging {noun}, and I added a regression test for the empty case.",
            "With the recorded fixtures from last week's incident; the test is in `tests/{module}`.",
        ),
    ),
    (
        "Is there a ticket for the follow-up on the {noun}?",
        ("Yes, {ticket} tracks the follow-up.", "Not yet, I've opened {ticket} for it."),
    ),
    (
        "What does `{fn}` return when `{var}` is missing?",
        (
            "An empty list; the docstring says so now.",
            "It raised before; now it returns None and the caller handles it.",
        ),
    ),
    (
        "Which version of the {noun} API does this target?",
        (
            "v2; v1 is read-only since the migration.",
            "Both: it checks the header and falls back to v1 for the {other} client.",
        ),
    ),
    (
        "Why a new table instead of a column on the {noun}?",
        (
            "Because the `{var}` history grows per change; a column would only keep the last value.",
            "So that the {noun} rows stay small; most reads never need the history.",
        ),
    ),
    (
        "How many `{var}` rows do we expect in production?",
        (
            "About {num}k a day, so the index on created_at is enough.",
            "A few hundred per customer; I measured it on last month's {noun} data.",
        ),
    ),
)

#: Risks raised in a comment, and replies that take them up.
RISKS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        "Heads-up: this touches the {noun} two days before the release freeze. Can we land it behind a "
        "flag, or wait until after?",
        (
            "Behind a flag it is; it stays off until after the freeze.",
            "Let's wait: I'll merge it after the release.",
        ),
    ),
    (
        "Risk: if the migration fails halfway we have no rollback for the {noun}. Let's write one first.",
        (
            "Added a down migration and tried it on a copy of production.",
            "Good point, the rollback is in now.",
        ),
    ),
    (
        "Security concern: the token ends up in the debug log in `{fn}`. Please redact it.",
        ("Redacted, and added a test that the log line has no token.", "Fixed: the token is masked now."),
    ),
    (
        "I'm worried this will regress p99 latency on the {noun}; can we load-test before merging?",
        (
            "Load-tested at twice the peak: p99 moved from {num}0 to {num}2 ms.",
            "Ran the load test, no change.",
        ),
    ),
    (
        "The deadline for {ticket} is Friday and this is on its critical path; flagging so we can re-plan.",
        (
            "Thanks, I moved the docs part out so the rest lands by Thursday.",
            "Agreed, I'll tell the team today.",
        ),
    ),
    (
        "This query does a full table scan on the {noun}; it will time out under load.",
        ("Added an index on `{var}`; the plan uses it now.", "Switched to a keyed lookup, the scan is gone."),
    ),
    (
        "Unbounded retries in `{fn}` can take down {other} when it is already struggling.",
        ("Capped at five with backoff and jitter.", "Now it retries three times and then gives up."),
    ),
    (
        "Two requests can pay the same {noun} twice if they race here; this needs a lock or a unique key.",
        ("Added a unique key on the request id, the second insert now fails cleanly.", "A lock it is."),
    ),
)

#: Replies that fit a comment of each kind (by its author, or by the reviewer closing a thread).
REPLIES: Final[dict[str, tuple[str, ...]]] = {
    "defect": (
        "Good catch, fixed.",
        "Fixed in the latest push, with a test.",
        "Oops, yes. Fixed and added the empty case to the tests.",
    ),
    "maintainability": ("Done, thanks!", "Renamed.", "Makes sense, changed it.", "Done."),
    "suggestion": ("Applied, thanks.", "Applied the suggestion.", "Nice, applied."),
    "explain": (
        "Thanks for explaining, that helps a lot.",
        "Makes sense, thanks. Changed it.",
        "TIL, thanks!",
    ),
    "design": (
        "Agreed, I've opened {ticket} for it.",
        "Fair point; let's discuss it in the next design review.",
        "I'd keep it as is for now, but {ticket} tracks the idea.",
    ),
    "praise": ("Thanks!", "Thank you!"),
    "triage": (
        "Thanks for picking it up!",
        "Great, thanks. Ping me if you need a sample payload.",
        "Thanks!",
    ),
    "closing": ("Thanks, looks right now.", "Resolved.", "Perfect, thanks."),
}

#: What a maintainer first says on an issue of each kind (not a status update: the work is not theirs).
TRIAGE: Final[dict[str, tuple[str, ...]]] = {
    "bug": (
        "I can reproduce this on main: `{fn}` gets an empty `{var}` and falls over. I'll take it.",
        "Thanks for the report. The {noun} path misses a check for `{var}`; a fix is on its way.",
        "Confirmed, it started with the last {module} release. Looking into it.",
    ),
    "enhancement": (
        "Makes sense. The {noun} already has most of it; the missing part is `{fn}`.",
        "We could do this in {module}, but it needs a decision on who owns `{var}` first.",
    ),
    "risk": (
        "Agreed, this needs attention before the next release. I'll put it on the board as {ticket}.",
        "Good call raising it. I'll check the numbers for the {noun} and come back with a plan.",
    ),
}

#: Questions asked as issues: title, body, and answers that fit.
ISSUE_QUESTIONS: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    (
        "How do I run the {noun} locally?",
        "How do I run the {noun} on my machine? `{fn}` fails without the {other} credentials. Is there a "
        "local setup somewhere?",
        (
            "Use `make dev-{module}`: it starts a stub of {other}, so no credentials are needed. The steps "
            "are in the README.",
            "Point `{var}` at the sandbox from the wiki page; then `make run` works without {other}.",
        ),
    ),
    (
        "Who owns {fn}?",
        "Which team owns `{fn}`? I need to change how it handles `{var}` and don't know whom to ask.",
        (
            "We do, {module} is ours. Open a PR and tag me, happy to review it.",
            "{other} owns it since the split; ask in #team-{other}, they answer quickly.",
        ),
    ),
    (
        "Is the {noun} API rate-limited?",
        "Before I build on the {noun} API: is there a rate limit, and what does `{fn}` return when it "
        "is hit?",
        (
            "Yes, {num}0 requests a second per client; `{fn}` gets a 429 with a Retry-After header.",
            "Not yet. We plan one for next quarter, so please back off on errors already.",
        ),
    ),
    (
        "Where do the {noun} logs go?",
        "Where do the logs of the {noun} end up? I can't find the `{fn}` lines in the usual dashboard.",
        (
            "They go to the {module} index, not the default one; filter on service={module}.",
            "Debug lines are dropped in production; set the log level on the {noun} to see them.",
        ),
    ),
)

#: Questions about a ticket's work, and the assignee's answers.
TICKET_QUESTIONS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        "Does this need a migration for the {noun}?",
        ("Yes, a small one; it runs before the deploy.", "No, the new field is optional."),
    ),
    (
        "Is {other} aware that the `{var}` format changes with this?",
        ("Yes, I told them on Monday; they switch next sprint.", "Not yet, I'll tell #team-{other} today."),
    ),
    (
        "Will this make the release on Friday?",
        ("Yes, it is in review now.", "The {noun} part will; the docs follow next week."),
    ),
    (
        "Which environments does this cover, staging only?",
        ("Staging first, production after a day of monitoring.", "Both, behind the same flag."),
    ),
    (
        "Why does `{fn}` need to change for this?",
        ("Because it is the only place that knows the `{var}`; I keep the change small.",),
    ),
    (
        "Can the {noun} part be split out so it ships earlier?",
        ("Good idea, I split it into its own ticket.", "Not really, both touch the same table."),
    ),
)

#: Questions a maintainer asks an issue's reporter, and the reporter's answers.
FOLLOW_UPS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        "Does this also happen on staging, or only in production?",
        ("Only in production so far.", "Both, since Monday."),
    ),
    (
        "Which version of the {noun} were you on?",
        ("The one deployed last Tuesday.", "The latest, from this morning."),
    ),
    ("Can you share the request id of one failing call?", ("Sure, it's in the thread in #team-{other}.",)),
    ("How often does it happen, roughly?", ("About once an hour under load.", "A few times a day.")),
)
