"""Bad configuration: one clear line per problem naming the key, exit 2, no traceback, no store written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from collectors.config import load_config, parse_config
from dashboard.cli import main

GOOD = """
[store]
url = "sqlite:///footprint.db"

[github]
repos = ["acme/web"]
since = "2025-01-01"

[[teams]]
name = "web"
repos = ["acme/web"]

[[people]]
id = "ada"
team = "web"
level = 3
github = ["ada"]
emails = ["ada@acme.test"]

[[people]]
id = "bob"
team = "web"
github = ["bob"]
"""

# (name, TOML text, the key the one line must name, a phrase of the message)
BAD_CONFIGS = [
    ("unknown top-level key", GOOD + "\n[colour]\nx = 1\n", "colour", "unknown key"),
    ("unknown nested key", GOOD.replace("[store]", "[store]\nbogus = 1"), "store.bogus", "unknown key"),
    ("unknown person key", GOOD + '\n[[people]]\nid = "cy"\nnick = "c"\n', "people[2].nick", "unknown key"),
    ("wrong type bool", GOOD.replace("[store]", "[store]\nredact_text = 3"), "store.redact_text", "bool"),
    (
        "wrong type list",
        GOOD.replace('repos = ["acme/web"]\nsince', 'repos = "acme/web"\nsince'),
        "github.repos",
        "list",
    ),
    ("wrong type level", GOOD.replace("level = 3", 'level = "senior"'), "people[0].level", "integer"),
    ("negative level", GOOD.replace("level = 3", "level = -1"), "people[0].level", "greater than"),
    ("bad date", GOOD.replace("2025-01-01", "2025-13-40"), "github.since", "not a date"),
    (
        "date not a date",
        GOOD.replace('since = "2025-01-01"', 'since = "last week"'),
        "github.since",
        "not a date",
    ),
    (
        "unknown team",
        GOOD.replace('team = "web"\nlevel', 'team = "mobile"\nlevel'),
        "people[0].team",
        "unknown team 'mobile'",
    ),
    ("duplicate person id", GOOD.replace('id = "bob"', 'id = "ada"'), "people[1].id", "duplicate id 'ada'"),
    ("duplicate team", GOOD + '\n[[teams]]\nname = "web"\n', "teams[1].name", "duplicate name 'web'"),
    (
        "duplicate github account",
        GOOD.replace('github = ["bob"]', 'github = ["Ada"]'),
        "people[1].github",
        "'Ada' is already an account of 'ada'",
    ),
    (
        "duplicate email",
        GOOD.replace('github = ["bob"]', 'github = ["bob"]\nemails = ["ADA@acme.test"]'),
        "people[1].emails",
        "already an account",
    ),
    ("person id missing", GOOD + '\n[[people]]\nname = "No Id"\n', "people[2].id", "field required"),
    ("person id with spaces", GOOD.replace('id = "bob"', 'id = "bob smith"'), "people[1].id", "may only"),
    (
        "repo not owner/name",
        GOOD.replace('repos = ["acme/web"]\nsince', 'repos = ["acme"]\nsince'),
        "github.repos",
        "not owner/name",
    ),
    (
        "api_url not http",
        GOOD.replace("[github]", '[github]\napi_url = "ftp://x"'),
        "github.api_url",
        "not an http",
    ),
    (
        "token_env not a variable name",
        GOOD.replace("[github]", '[github]\ntoken_env = "my token"'),
        "github.token_env",
        "not an environment variable name",
    ),
    ("jira projects without url", GOOD + '\n[jira]\nprojects = ["PAY"]\n', "jira.url", "required"),
    ("access mode", GOOD + '\n[access]\nmode = "ldap"\n', "access.mode", "'open' or 'oidc'"),
    ("unknown manager", GOOD + '\n[access]\nmanagers = ["zed"]\n', "access.managers", "unknown person id"),
    ("unknown excluded person", GOOD + '\n[access]\nexclude = ["zed"]\n', "access.exclude", "unknown person"),
    (
        "behaviour threshold not positive",
        GOOD + "\n[behaviours]\nunblock_wait_hours = 0\n",
        "behaviours.unblock_wait_hours",
        "greater than 0",
    ),
    (
        "behaviour globs wrong type",
        GOOD + "\n[behaviours]\ndesign_paths = 3\n",
        "behaviours.design_paths",
        "list",
    ),
    ("bad TOML", GOOD + "\n[store\n", "invalid TOML", "line"),
    (
        "duplicate TOML key",
        GOOD.replace("[store]", '[store]\nurl = "sqlite:///a.db"'),
        "invalid TOML",
        "line",
    ),
    (
        "teams not a table array",
        'teams = "web"\n' + GOOD.replace('[[teams]]\nname = "web"\nrepos = ["acme/web"]\n', ""),
        "teams",
        "list",
    ),
]


def run_cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(sys, "argv", ["footprint", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


@pytest.mark.parametrize(("name", "text", "key", "phrase"), BAD_CONFIGS, ids=[b[0] for b in BAD_CONFIGS])
def test_bad_config_is_one_clear_line_and_exit_2(
    name: str, text: str, key: str, phrase: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    path = tmp_path / "footprint.toml"
    path.write_text(text)
    code, _, err = run_cli(["sync", "--config", str(path)], monkeypatch, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    matching = [line for line in lines if key in line and phrase.lower() in line.lower()]
    assert matching, f"no line names {key!r} with {phrase!r}: {lines}"
    assert all(line.startswith("footprint: ") for line in lines)
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [path], "a bad config must not create a store"


def test_every_problem_is_reported_at_once(tmp_path: Path, monkeypatch, capsys) -> None:
    text = GOOD.replace("level = 3", 'level = "x"').replace('id = "bob"', 'id = "ada"') + "\n[zz]\n"
    path = tmp_path / "footprint.toml"
    path.write_text(text)
    code, _, err = run_cli(["sync", "--config", str(path)], monkeypatch, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 3


def test_missing_and_unreadable_files(tmp_path: Path, monkeypatch, capsys) -> None:
    code, _, err = run_cli(["sync", "--config", str(tmp_path / "none.toml")], monkeypatch, capsys)
    assert code == 2 and "config file not found" in err
    folder = tmp_path / "a-folder.toml"
    folder.mkdir()
    code, _, err = run_cli(["sync", "--config", str(folder)], monkeypatch, capsys)
    assert code == 2 and "is a folder, not a config file" in err
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    code, _, err = run_cli(["sync", "--config", str(binary)], monkeypatch, capsys)
    assert code == 2 and "not UTF-8" in err


def test_token_env_is_checked_only_for_a_source_in_use(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "footprint.toml"
    path.write_text(GOOD.replace("[github]", '[github]\ntoken_env = "FP_TEST_GH_TOKEN"'))
    monkeypatch.delenv("FP_TEST_GH_TOKEN", raising=False)
    config = load_config(path)  # loading alone needs no token
    assert config.section("github").token_env == "FP_TEST_GH_TOKEN"
    code, _, err = run_cli(["sync", "--config", str(path)], monkeypatch, capsys)
    assert code == 2
    assert err.strip() == "footprint: github.token_env: environment variable FP_TEST_GH_TOKEN is not set"


def test_config_env_var_and_relative_store_path(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "conf" / "footprint.toml"
    path.parent.mkdir()
    path.write_text(GOOD)
    monkeypatch.setenv("FOOTPRINT_CONFIG", str(path))
    config = load_config()
    assert config.store_url() == f"sqlite:///{tmp_path / 'conf' / 'footprint.db'}"
    assert config.source_names() == ["github"]


def test_defaults_match_the_design() -> None:
    config = parse_config({})
    assert config.store.url == "sqlite:///footprint.db" and config.store.redact_text is False
    assert config.behaviours.unblock_wait_hours == 24 and config.behaviours.unblock_window_days == 3
    assert config.behaviours.blocked_statuses == ["Blocked", "On Hold"]
    behaviours = config.behaviours
    assert behaviours.recurring_problem_issues == 3 and behaviours.repeated_feedback_prs == 3
    assert behaviours.generic_labels == [
        "bug",
        "enhancement",
        "documentation",
        "duplicate",
        "good first issue",
        "help wanted",
        "invalid",
        "question",
        "wontfix",
        "dependencies",
    ]  # fmt: skip  (GitHub's default label set)
    assert config.access.mode == "open" and config.source_names() == []


def test_real_console_script_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "footprint.toml"
    path.write_text(GOOD.replace("level = 3", "level = [1]"))
    script = Path(sys.executable).with_name("footprint")
    result = subprocess.run([str(script), "sync", "--config", str(path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("footprint: ") and "people[0].level" in result.stderr
    assert "Traceback" not in result.stderr


def test_tokens_may_come_from_streamlit_secrets(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "footprint.toml"
    path.write_text(GOOD.replace("[github]", '[github]\ntoken_env = "FP_TEST_GH_TOKEN"'))
    monkeypatch.delenv("FP_TEST_GH_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('FP_TEST_GH_TOKEN = "from-secrets"\n')
    assert load_config(path).require_token("github") == "from-secrets"
    monkeypatch.setenv("FP_TEST_GH_TOKEN", "from-env")
    assert load_config(path).require_token("github") == "from-env"
