"""The single-value checks behind the config's one-line errors: tokens, globs, URLs."""

from __future__ import annotations

import re

import pytest

from collectors.config import BehavioursConfig
from collectors.config_values import check_http_url, shown
from collectors.globs import glob_problem, glob_regex
from collectors.tokens import REDACTED, looks_like_token, scrub_tokens

TOKENS = [
    "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
    "github_pat_11ABCDEFG0_abcdefghijklmnopqrstuvwxyz",
    "gho_0123456789abcdefghij",
    "ghs_0123456789abcdefghij",
    "glpat-0123456789abcdefghij",
    "ATATT3xFfGF0T0k3nT0k3nT0k3n=AB12CD34",
    "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",  # a classic 40-hex token
    "NjQ4MjE3NTU5MDk2OjH8tYb3kPq2Xv9Lm0RzC1wN",  # a Data Center personal access token
    "aB3dE5fG7hJ9kL1mN3pQ5rS7",  # an older 24-character Jira Cloud token
]
NAMES = [
    "GITHUB_TOKEN",
    "JIRA_TOKEN",
    "JIRA_USER",
    "GH_ENTERPRISE_TOKEN_2024",
    "footprint_github_token_for_payments",
    "MY_VERY_LONG_TEAM_SPECIFIC_JIRA_API_TOKEN",
    "Token",
]


@pytest.mark.parametrize("value", TOKENS)
def test_tokens_are_recognised_and_scrubbed(value: str) -> None:
    assert looks_like_token(value)
    assert (
        scrub_tokens(f"environment variable {value} is not set")
        == f"environment variable {REDACTED} is not set"
    )


@pytest.mark.parametrize("value", NAMES)
def test_variable_names_are_not_tokens(value: str) -> None:
    assert not looks_like_token(value)
    assert scrub_tokens(f"github.token_env: {value}") == f"github.token_env: {value}"


def test_scrubbing_leaves_ordinary_messages_alone() -> None:
    line = "/home/ada/footprint.toml: people[3].jira: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' taken"
    assert scrub_tokens(line) == line


def test_the_default_globs_are_accepted_and_keep_their_meaning() -> None:
    defaults = BehavioursConfig()
    assert all(glob_problem(g) is None for g in defaults.design_paths + defaults.tooling_paths)
    regex = re.compile(glob_regex(["docs/**", "Makefile", "**/*.md", "src/?.py"]) or "")
    assert regex.match("docs/adr/0001.md") and regex.match("Makefile") and regex.match("README.md")
    assert regex.match("a/b/c.md") and regex.match("src/x.py")
    assert not regex.match("sub/Makefile") and not regex.match("src/xy.py") and not regex.match("docsx/a")


@pytest.mark.parametrize(
    ("glob", "phrase"),
    [
        ("docs/[adr/**", "not supported"),
        ("docs/{adr,rfc}/**", "not supported"),
        ("docs\\adr\\**", "not supported"),
        ("***", "every path"),
        ("**", "every path"),
        ("**/*", "every path"),
        ("**/**", "every path"),
        ("/docs/**", "drop the leading '/'"),
        ("./docs/**", "drop the leading './'"),
        ("docs/", "docs/**"),
        ("!docs/**", "negation"),
        ("", "empty"),
        (" docs/**", "spaces"),
    ],
)
def test_globs_that_would_match_wrongly_are_refused(glob: str, phrase: str) -> None:
    problem = glob_problem(glob)
    assert problem is not None and phrase in problem


@pytest.mark.parametrize("glob", ["*", "*/**", "docs/**", "*.md", ".github/**", "a b/**", "ü/*.txt"])
def test_ordinary_globs_are_accepted(glob: str) -> None:
    assert glob_problem(glob) is None


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("https://acme atlassian.net", "spaces"),
        ("https://acme.atlassian.net\t", "spaces"),
        ("acme.atlassian.net", "not an http(s) URL"),
        ("https://", "no host"),
        ("https://h.test:99999", "invalid port"),
        ("https://ada:pw@h.test", "credentials"),
        ("https://h.test/?a=1", "query"),
    ],
)
def test_urls_are_checked(url: str, phrase: str) -> None:
    with pytest.raises(ValueError, match=re.escape(phrase)) as caught:
        check_http_url(url)
    assert "pw" not in str(caught.value)


def test_urls_lose_their_trailing_slash() -> None:
    assert check_http_url("https://ghe.acme.test/api/v3/") == "https://ghe.acme.test/api/v3"


def test_values_are_shown_as_toml() -> None:
    from datetime import date, datetime

    assert shown(datetime(2025, 1, 1, 10, 0)) == "2025-01-01T10:00:00 (a date and time)"
    assert shown([date(2025, 1, 1), True, "x"]) == "[2025-01-01, true, 'x']"
    assert shown({"a": 1}) == "a table"
    assert shown("x" * 200).endswith("...") and len(shown("x" * 200)) == 80
    assert REDACTED in shown("ghp_0123456789abcdefghijklmnopqrstuvwxyz")
