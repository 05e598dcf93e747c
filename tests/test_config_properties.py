"""Property tests of the config loader: no TOML document, however odd, gets past it as a traceback.

* Any document (random keys and values of every TOML type, shaped like ``footprint.toml`` or not,
  with or without a byte-order mark) either loads or is refused with :class:`ConfigError` whose every
  problem is one line naming the file, and none repeats a token planted in the document.
* Any document the loader accepts can be used: the metrics over a small world of events compute
  without an error, whatever the levels, thresholds and globs it holds.
"""

from __future__ import annotations

import string
from datetime import UTC, date, timedelta, timezone
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from collectors.config import (
    MAX_LEVEL,
    MAX_REPEATS,
    MAX_WAIT_HOURS,
    MAX_WINDOW_DAYS,
    MIN_REPEATS,
    Config,
    ConfigError,
    load_config,
)
from collectors.sources import registered_sources
from collectors.tokens import looks_like_token
from metrics.engine import compute
from tests.metrics.builders import World

TOKENS = [
    "ghp_Prop0123456789abcdefghijklmnopqrstuv",
    "github_pat_11AAAAAAA0Prop_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU",
    "ATATT3xFfGF0PropertyJiraCloudToken0123456789abcdefABCDEF=0F1E2D3C",
    "glpat-Prop0123456789abcdef",
]

SECTIONS: dict[str, list[str]] = {
    "store": ["url", "redact_text"],
    "github": ["api_url", "token_env", "repos", "orgs", "since", "retro_label",
               "max_rate_limit_wait_seconds"],
    "jira": ["url", "user_env", "token_env", "projects", "retro_jql", "since", "max_rate_limit_wait_seconds"],
    "behaviours": ["unblock_wait_hours", "unblock_window_days", "blocked_statuses", "design_paths",
                   "tooling_paths", "bots", "recurring_problem_issues", "repeated_feedback_prs",
                   "generic_labels"],
    "access": ["mode", "managers", "exclude"],
    "snapshots": ["dir"],
}  # fmt: skip
TEAM_KEYS = ["name", "repos", "jira_projects"]
PERSON_KEYS = ["id", "name", "team", "level", "github", "jira", "emails"]

keys = st.text(string.ascii_letters + string.digits + "_-", min_size=1, max_size=12)
zones = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))])
scalars = st.one_of(
    st.booleans(),
    st.integers(),  # beyond int64 too: TOML readers differ, ours must not crash
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(TOKENS),
    st.sampled_from(["docs/**", "***", "**", "docs/[adr/**", "acme/web", "payments", "PAY X", "GH_TOKEN"]),
    st.sampled_from(
        ["https://acme atlassian.net", "https://u:p@h.test", "http://127.0.0.1:9", "sqlite:///x"]
    ),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=zones),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


def _table(field_names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(field_names) | keys, values, max_size=len(field_names) + 1)


documents = st.fixed_dictionaries(
    {},
    optional={
        **{name: _table(fields) | values for name, fields in SECTIONS.items()},
        "teams": st.lists(_table(TEAM_KEYS), max_size=3) | values,
        "people": st.lists(_table(PERSON_KEYS), max_size=4) | values,
    },
).flatmap(lambda doc: st.dictionaries(keys, values, max_size=2).map(lambda extra: {**extra, **doc}))


def _load(raw: bytes) -> Config | ConfigError:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "footprint.toml"
        path.write_bytes(raw)
        try:
            return load_config(path)
        except ConfigError as exc:
            for problem in exc.problems:
                assert problem and "\n" not in problem, exc.problems
                assert problem.startswith(str(path)), problem
                assert "datetime.datetime(" not in problem and "datetime.date(" not in problem, problem
                assert not any(token in problem for token in TOKENS), problem
            return exc


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans())
def test_any_document_loads_or_is_refused_one_line_per_problem(document: dict[str, Any], bom: bool) -> None:
    raw = tomli_w.dumps(document).encode()
    result = _load(b"\xef\xbb\xbf" + raw if bom else raw)
    event("refused" if isinstance(result, ConfigError) else "accepted")
    if isinstance(result, Config):  # what it accepted is within bounds and names no token
        assert all(p.level is None or 0 <= p.level <= MAX_LEVEL for p in result.people)
        assert 0 < result.behaviours.unblock_wait_hours <= MAX_WAIT_HOURS
        assert MIN_REPEATS <= result.behaviours.recurring_problem_issues <= MAX_REPEATS
        assert MIN_REPEATS <= result.behaviours.repeated_feedback_prs <= MAX_REPEATS
        assert all(label.strip() for label in result.behaviours.generic_labels)
        for section in (result.section(source.name) for source in registered_sources()):
            if section is not None:
                assert not looks_like_token(section.token_env)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_load_or_are_refused(raw: bytes) -> None:
    _load(raw)


# -- accepted documents can be used -------------------------------------------------------------------

segments = st.sampled_from(["docs", "adr", "rfcs", "src", ".github", "scripts", "a b", "ü", "*", "?", "**"])
globs = st.lists(segments, min_size=1, max_size=4).map("/".join)


def _world() -> World:
    world = World()
    for number, paths in enumerate([("docs/adr/1.md",), ("src/app.py",), (".github/ci.yml", "Makefile")], 1):
        item = world.pr("bob", number, paths=paths, merged_at=80)
        world.review(item, "ada", 30 + number, text="Why do we need this?")
        world.comment(item, "cy", 50, "Consider a context manager here because the pool is never closed.")
    key = "PAY-1"
    world.jira_issue(key, "dee", assignee="dee")
    world.status(key, "dee", 1, "To Do", "Blocked")
    world.jira_comment(key, "ada", 5, "I can help, try the staging token.")
    world.status(key, "dee", 9, "Blocked", "Done")
    return world


WORLD = _world().frame()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # ~1 s a compute
@given(
    levels=st.lists(st.none() | st.integers(0, MAX_LEVEL), min_size=4, max_size=4),
    wait=st.floats(min_value=1e-9, max_value=MAX_WAIT_HOURS),
    window=st.floats(min_value=1e-9, max_value=MAX_WINDOW_DAYS),
    design=st.lists(globs, max_size=3),
    tooling=st.lists(globs, max_size=3),
    since=st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 1, 1)),
)
def test_an_accepted_config_computes(
    levels: list[int | None], wait: float, window: float, design: list[str], tooling: list[str],
    since: date,
) -> None:  # fmt: skip
    people = [{"id": name, "github": [name], "jira": [name]} for name in ("ada", "bob", "cy", "dee")]
    for person, level in zip(people, levels, strict=True):
        if level is not None:
            person["level"] = level
    document = {
        "github": {"repos": ["acme/payments"], "since": since},
        "behaviours": {
            "unblock_wait_hours": wait, "unblock_window_days": window,
            "design_paths": design, "tooling_paths": tooling,
        },
        "people": people,
    }  # fmt: skip
    result = _load(tomli_w.dumps(document).encode())
    event("refused" if isinstance(result, ConfigError) else "accepted")
    if isinstance(result, ConfigError):
        return  # refused in one line per problem, checked by _load
    metrics = compute(WORLD, result)
    assert set(metrics.evidence["person"]) <= {"ada", "bob", "cy", "dee"}
