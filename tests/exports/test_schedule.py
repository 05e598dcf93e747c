"""The scheduling files a user copies: they parse, and every `footprint ...` command in them parses with
the real CLI (options and types checked by click, nothing run)."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import typer.main
import yaml

from dashboard.cli import app

SCHEDULE = Path(__file__).resolve().parents[2] / "dashboard" / "exports" / "schedule"
COMMAND = re.compile(r"(?:^|[\s/])footprint\s+([a-z]+(?:[^;&|\n>]*))")


def commands_in(text: str) -> list[list[str]]:
    """Every ``footprint <command> ...`` in ``text`` as an argument list (without ``footprint``)."""
    found = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for match in COMMAND.finditer(line):
            found.append(shlex.split(match.group(1)))
    return found


def parse_with_cli(args: list[str]) -> object:
    """Parse ``args`` exactly as ``footprint`` would, without running the command; a usage error raises
    (click's, with ``exit_code`` 2)."""
    group = typer.main.get_command(app)
    parent = group.make_context("footprint", args[:1])
    command = group.get_command(parent, args[0])  # type: ignore[attr-defined]
    if command is None:
        raise LookupError(f"footprint has no command {args[0]!r}")
    return command.make_context(args[0], list(args[1:]), parent=parent)


def _usage_error(args: list[str]) -> int | None:
    try:
        parse_with_cli(args)
    except LookupError:
        return 2
    except Exception as exc:
        return getattr(exc, "exit_code", None)
    return 0


def test_the_parser_rejects_what_the_cli_would_reject() -> None:
    assert _usage_error(["snapshot", "--out", "x", "--keep", "3", "--dated"]) == 0
    assert _usage_error(["snapshot", "--out", "x", "--keep", "zero"]) == 2
    assert _usage_error(["snapshot", "--outt", "x"]) == 2
    assert _usage_error(["snapshot"]) == 2  # --out is required
    assert _usage_error(["snapshots", "--out", "x"]) == 2


def test_cron_line() -> None:
    text = (SCHEDULE / "footprint-snapshot.cron").read_text("utf-8")
    entries = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(entries) == 1
    fields = entries[0].split(None, 5)
    assert len(fields) == 6 and all(re.fullmatch(r"[\d*/,-]+", f) for f in fields[:5])
    assert "%" not in fields[5]  # cron would turn it into a newline
    commands = commands_in(text)
    assert [c[0] for c in commands] == ["sync", "snapshot"]
    for args in commands:
        parse_with_cli(args)
    assert {"--dated", "--keep"} <= set(commands[1])


def test_systemd_service_and_timer() -> None:
    service = configparser.ConfigParser(interpolation=None, strict=True)
    service.optionxform = str  # type: ignore[assignment,method-assign]
    service.read(SCHEDULE / "footprint-snapshot.service", encoding="utf-8")
    assert service["Service"]["Type"] == "oneshot"
    commands = commands_in(service["Service"]["ExecStartPre"] + "\n" + service["Service"]["ExecStart"])
    assert [c[0] for c in commands] == ["sync", "snapshot"]
    for args in commands:
        parse_with_cli(args)
    assert service["Service"]["ExecStart"].startswith("/")  # systemd needs an absolute path
    timer = configparser.ConfigParser(interpolation=None, strict=True)
    timer.optionxform = str  # type: ignore[assignment,method-assign]
    timer.read(SCHEDULE / "footprint-snapshot.timer", encoding="utf-8")
    assert timer["Timer"]["Unit"] == "footprint-snapshot.service"
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"


def test_github_actions_workflow() -> None:
    workflow = yaml.safe_load((SCHEDULE / "footprint-snapshot.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "workflow_dispatch" in triggers
    cron = triggers["schedule"][0]["cron"]
    assert len(cron.split()) == 5
    steps = workflow["jobs"]["snapshot"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    commands = commands_in(runs)
    assert [c[0] for c in commands] == ["sync", "snapshot"]
    for args in commands:
        parse_with_cli(args)
    snapshot = commands[1]
    assert "--dated" in snapshot and int(snapshot[snapshot.index("--keep") + 1]) >= 1
    assert "secrets." not in runs  # tokens reach the commands only through the environment


def test_every_schedule_file_is_covered() -> None:
    names = {p.name for p in SCHEDULE.iterdir()}
    assert names == {
        "README.md", "footprint-snapshot.cron", "footprint-snapshot.service",
        "footprint-snapshot.timer", "footprint-snapshot.yml",
    }  # fmt: skip
