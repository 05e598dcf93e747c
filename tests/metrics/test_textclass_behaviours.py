"""Table-driven: realistic review comments and the behaviours `footprint classify` must (not) give them.

Three kinds of comment: reflexes (acknowledgements and procedural notes) give no behaviour at all;
comments naming a risk give ``risk_raising`` and their reason names the risk; short or long real feedback
gives ``reviewing``. The texts are written for this test, not taken from the labelled data set.
"""

from __future__ import annotations

import io
import json

import pytest

from dashboard.commands.classify import classify_stream

#: Acknowledgements, approvals, thanks, pings, rebase notes, lone emoji, one-word replies: nothing.
REFLEXES = [
    "LGTM",
    "lgtm!",
    "LGTM 👍",
    "+1",
    "+1!",
    "++",
    "+2",
    "👍",
    "🎉🎉",
    "🚀",
    "✔",
    "...",
    "?",
    ":)",
    "thanks!",
    "Thanks",
    "Thank you!",
    "thx",
    "Thanks for the review",
    "thanks for the quick fix!",
    "Thanks @alice",
    "looks good to me 👍",
    "Looks good",
    "Looks great, thanks!",
    "Nice!",
    "nice work",
    "Great job!",
    "Good catch, thanks",
    "good catch, fixed",
    "done",
    "Done.",
    "Done, thanks!",
    "fixed",
    "Fixed in the latest patch set",
    "addressed",
    "Addressed in 3f2a9c1",
    "resolved",
    "Fixed the typo.",
    "Renamed to `pending_orders`",
    "Removed in the latest patch set",
    "will do",
    "Will do, thanks",
    "ok",
    "OK",
    "okay",
    "hmm",
    "Hmm...",
    "yes",
    "nope",
    "sure",
    "Agreed",
    "ack",
    "makes sense",
    "sounds good",
    "ping",
    "Ping @bob",
    "bump",
    "gentle ping",
    "any update?",
    "Any updates on this?",
    "PTAL",
    "@carol PTAL",
    "please take another look",
    "ready for another review",
    "see above",
    "See my comment above",
    "rebased on main",
    "Rebased onto master",
    "rebased",
    "/retest",
    "/lgtm",
    "Some questions inline.",
    "A few thoughts inline, nothing blocking.",
    "See inline.",
    "Left a few comments.",
    "Left a few notes on `parse_event`; none of them blocking.",
    "LGTM, a couple of nits inline",
    "recheck",
    "ship it",
    "SGTM",
    "approved",
    "Approved. Nice, clean change to the parser.",
    "Good to go.",
    "Good to go. Thanks for splitting it up.",
    "Nice, clean change.",
    "Ready to merge, thanks!",
]

#: (comment, the risk its reason must name).
RISKS = [
    ("This is a security hole: SQL injection via the name parameter", "security risk"),
    ("The query is built with string formatting, so this is open to SQL injection.", "security risk"),
    ("User input goes straight into the template: XSS.", "security risk"),
    ("This endpoint has no CSRF protection.", "security risk"),
    ("The filename comes from the request, so this allows path traversal.", "security risk"),
    ("Missing authorization check: any user can delete any project.", "security risk"),
    ("We log the full API key at debug level.", "security risk"),
    ("The access token ends up in the logs.", "security risk"),
    ("You committed the AWS secret to the repo.", "security risk"),
    ("Passwords are stored in plain text here.", "security risk"),
    ("Hardcoded password in the connection string.", "security risk"),
    ("This can lose data if the process dies between the two writes.", "data-loss risk"),
    ("This silently overwrites the existing records.", "data-loss risk"),
    ("A failure here leaves the account in an inconsistent state.", "data-loss risk"),
    ("Two workers writing the same file will corrupt it.", "data-loss risk"),
    ("Race condition: two requests can both pass the check and insert.", "concurrency risk"),
    ("This will deadlock if both locks are taken in the other order.", "concurrency risk"),
    ("The cache dict is not thread-safe.", "concurrency risk"),
    ("Full table scan on every request.", "load risk"),
    ("This is an N+1 query: one SELECT per order.", "load risk"),
    ("No timeout on this HTTP call, a slow upstream will hang the worker.", "load risk"),
    ("will time out under load", "load risk"),
    ("unbounded retries can take down the upstream", "load risk"),
    ("This loads the whole table into memory.", "load risk"),
    ("Memory grows without bound since the cache never evicts.", "load risk"),
    ("It retries forever with no backoff.", "load risk"),
    ("This is a breaking change for existing API clients.", "compatibility risk"),
    ("Renaming the field breaks backward compatibility.", "compatibility risk"),
    ("This migration locks the whole orders table.", "migration risk"),
    ("Do we have a rollback plan if the backfill fails halfway?", "migration risk"),
    ("We will miss the release deadline if this slips again.", "deadline risk"),
    ("This is a release blocker.", "deadline risk"),
    ("The same regression broke checkout in production last time.", "production risk"),
    ("Is this safe with concurrent writes? It looks racy.", "concurrency risk"),
    ("This call has no timeout, so a slow upstream hangs the worker.", "load risk"),
    ("The export times out under load for big accounts.", "load risk"),
    (
        "Please avoid SQL injection: the name goes straight into the query, which is a security hole.",
        "security risk",
    ),
    ("This fixes the typo, but the new loop races with the writer: a race condition.", "concurrency risk"),
]

#: Risk words inside a fenced code block are identifiers or pasted output, not a risk named: no risk_raising.
CODE_ONLY_RISK_WORDS = [
    "Slightly simpler:\n\n```suggestion\nreturn [item for item in deadline if item.active]\n```",
    "Could be one line:\n```python\nrisk = score(order)\n```",
    "Nit: this reads better as:\n```suggestion\nincident_count = len(incidents)\n```",
    "Rename it:\n```suggestion\ndef check_race_window(deadline):\n```",
]

#: Risk words in a link, or in a risk the text says is reduced, removed or denied: no risk is raised, and
#: no defect is found (``defect`` would be risk_raising too).
NO_RISK_RAISED = [
    "The pattern is described in https://wiki.example.com/security/sql-injection-guide",
    "Call the health endpoint as in https://api.example.com/health?timeout=5&retry=forever",
    "See [the handbook](https://wiki.example.com/eng/deadlock-and-race-conditions) for our house style.",
    "Nice, this removes the race.",
    "less polling, fewer races",
    "This fixes the deadlock we saw last week, thanks!",
    "No more N+1 queries after this change.",
    "It avoids a full table scan now.",
    "There is no risk here: the value is a constant.",
    "This is not a security issue, the input is our own constant.",
    "Good call, this got rid of the memory leak.",
]

#: A suggestion whose code (or prose) mentions a timeout as a setting is no defect found: a timeout is
#: a risk where it is missing or fires.
TIMEOUT_SETTINGS = [
    "Suggest pulling the timeout from config:\n\n```suggestion\ntimeout = settings.timeout_s\n```",
    "Could we read the timeout from the environment instead?",
    "Consider making the timeout configurable:\n```python\ndef fetch(url, timeout=DEFAULT_TIMEOUT):\n```",
]

#: Real feedback, short or long: reviewing.
FEEDBACK = [
    "rename `tmp` to `pending_orders`",
    "this should be `<=`",
    "why not reuse the existing retry helper?",
    "this branch has no test",
    "nit: typo in the docstring",
    "This will crash with a KeyError when the port is None.",
    "The file handle is never closed on the error path.",
    "Please add a unit test for the empty list case.",
    "This variable is unused.",
    "Move this into a helper function.",
    "Extract this into a separate function, it is duplicated below.",
    "The indentation is off here.",
    "This comment is out of date.",
    "s/recieve/receive/",
    "Use a dict lookup instead of the if/elif chain.",
    "I'd rather keep the parsing in the adapter layer instead of the model.",
    "Could we use a dataclass here instead?",
    "This should return early when the list is empty.",
    "Off-by-one: the loop skips the last element.",
    "Missing a null check on user.profile.",
    "This error message doesn't say which file failed.",
    "The log level should be warning, not error.",
    "max_retries",
    "This is wrong: the timezone is dropped before the comparison.",
    "Consider splitting this function, it does three things.",
    "Please document the return value.",
    "The name `data` says nothing, call it `invoice_lines`.",
    "Pull this out into a constant instead of the magic number 86400.",
    "Remove the commented-out code.",
    "This import is not needed anymore.",
    "What about a generator here instead of building the whole list?",
    "The exception is swallowed, so the caller never learns the upload failed.",
    "This condition is inverted: it skips the valid rows.",
]

#: Praise with content about the work is praise (mentoring towards a less senior author) ...
PRAISE = [
    "nice use of the context manager here, much cleaner than the try/finally",
    "Great test coverage of the edge cases, thanks for adding these.",
    "Nice, thanks for cleaning this up!",
    "This is a really elegant solution, well done.",
]
#: ... or, when it is mostly about the code, it may read as feedback; either way it is not a reflex.
PRAISE_OR_FEEDBACK = [
    "I like how this removes the global state, much easier to follow.",
    "Great refactor, the new names make the flow much easier to follow.",
]

#: Progress notes that open with their label: ownership (a status update), never a defect found.
STATUS_REPORTS = [
    "Update: the idempotency key part is done, the tests are next. Should be ready tomorrow.",
    "Status update: the client is written, wiring it into the handlers tomorrow.",
    "Progress: 3 of 5 endpoints moved to the new client; the tests should follow this week.",
    "ETA: Friday, once the schema review is through.",
    "WIP: handlers done, error paths next.",
]


def classify_one(text: str) -> dict:
    """One text through `footprint classify`'s stream."""
    sink = io.BytesIO()
    classify_stream(io.BytesIO((json.dumps({"id": 1, "text": text}) + "\n").encode()), sink)
    return json.loads(sink.getvalue().decode())


@pytest.fixture(scope="module")
def classified() -> dict[str, dict]:
    """Every text of the tables through `footprint classify`'s stream, by text."""
    texts = REFLEXES + [text for text, _ in RISKS] + FEEDBACK + PRAISE + PRAISE_OR_FEEDBACK
    texts += CODE_ONLY_RISK_WORDS + STATUS_REPORTS + NO_RISK_RAISED + TIMEOUT_SETTINGS
    lines = "".join(json.dumps({"id": i, "text": text}) + "\n" for i, text in enumerate(texts))
    sink = io.BytesIO()
    result = classify_stream(io.BytesIO(lines.encode()), sink)
    assert result.written == len(texts) and result.problems == []
    rows = [json.loads(line) for line in sink.getvalue().decode().splitlines()]
    assert all(set(row) == {"id", "label", "behaviours", "reason"} for row in rows)
    return {texts[row["id"]]: row for row in rows}


def test_the_table_is_large_enough() -> None:
    texts = REFLEXES + [text for text, _ in RISKS] + FEEDBACK + PRAISE + PRAISE_OR_FEEDBACK
    assert len(texts) >= 100
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("text", REFLEXES)
def test_reflexes_give_no_behaviour(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["behaviours"] == [], row
    assert row["label"] == "other", row
    assert row["reason"].startswith("other: acknowledgement ("), row


@pytest.mark.parametrize(("text", "risk"), RISKS)
def test_risks_are_raised_and_named(classified: dict[str, dict], text: str, risk: str) -> None:
    row = classified[text]
    assert "risk_raising" in row["behaviours"], row
    assert f"{risk} '" in row["reason"], row
    if row["label"] == "defect":
        assert row["reason"].startswith(f"defect: {risk} '") or f", {risk} '" in row["reason"], row
    else:
        assert row["label"] in ("question", "design"), row


@pytest.mark.parametrize("text", CODE_ONLY_RISK_WORDS)
def test_risk_words_in_code_blocks_raise_no_risk(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert "risk_raising" not in row["behaviours"], row
    assert " risk '" not in row["reason"], row


@pytest.mark.parametrize("text", NO_RISK_RAISED)
def test_risk_words_in_links_or_said_to_be_reduced_raise_no_risk(
    classified: dict[str, dict], text: str
) -> None:
    row = classified[text]
    assert "risk_raising" not in row["behaviours"], row
    assert row["label"] != "defect" and " risk" not in row["reason"], row


@pytest.mark.parametrize("text", TIMEOUT_SETTINGS)
def test_a_timeout_as_a_setting_is_no_defect(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["label"] in ("design", "maintainability", "question"), row
    assert "risk_raising" not in row["behaviours"], row


@pytest.mark.parametrize("text", STATUS_REPORTS)
def test_status_reports_are_ownership_not_feedback(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["behaviours"] == ["ownership"], row
    assert row["label"] == "other" and row["reason"] == "other: a status report", row


def test_a_status_report_naming_a_risk_is_still_a_defect() -> None:
    row = classify_one("Update: this races with the nightly writer and can lose data; holding the deploy.")
    assert row["label"] == "defect" and "risk_raising" in row["behaviours"], row


@pytest.mark.parametrize("text", FEEDBACK)
def test_real_feedback_is_reviewing(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert "reviewing" in row["behaviours"], row
    assert row["label"] in ("defect", "maintainability", "design"), row
    assert not row["reason"].startswith("other"), row


@pytest.mark.parametrize("text", PRAISE)
def test_praise_needs_content(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["label"] == "praise", row
    assert "mentoring" in row["behaviours"], row
    assert "risk_raising" not in row["behaviours"], row


@pytest.mark.parametrize("text", PRAISE_OR_FEEDBACK)
def test_praise_with_content_is_not_a_reflex(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["label"] in ("praise", "maintainability", "design"), row
    assert {"mentoring", "reviewing"} & set(row["behaviours"]), row


@pytest.mark.parametrize("text", ["LGTM", "+1", "thanks!", "Great job!", "looks good to me 👍"])
def test_approval_is_never_praise_or_mentoring(classified: dict[str, dict], text: str) -> None:
    row = classified[text]
    assert row["label"] != "praise"
    assert "mentoring" not in row["behaviours"]


@pytest.mark.parametrize(
    "text",
    [
        "LGTM, but the lock is never released on the error path.",
        "Thanks! One more thing: this leaks the file handle.",
    ],
)
def test_an_approval_with_content_is_classified_on_its_content(text: str) -> None:
    row = classify_one(text)
    assert row["label"] == "defect", row
    assert "reviewing" in row["behaviours"], row
