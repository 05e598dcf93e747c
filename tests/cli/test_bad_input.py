"""The bad-input battery: every case of ``cases.py`` through the real ``footprint`` console script.

For each case the CLI runs as a subprocess in a folder of its own, with recognisable secrets in its
environment, and must: exit with the expected code; print, as the first stderr line, one
``footprint: ...`` line naming the key, option or stdin line at fault; print no traceback and no secret
(from the environment or planted in the input) on stdout or stderr; leave every file it was given as it
was, and, when it fails, create none. For ``classify`` every stdout line is valid JSON (no NaN) and
answers its input line in order. The cases run in parallel threads (each a process of its own) so the
battery stays fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.case import ENV_SECRETS, Case
from tests.cli.cases import CASES

FOOTPRINT = str(Path(sys.executable).with_name("footprint"))
WORKERS = 4
TIMEOUT = 120


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    before: dict[str, str]
    after: dict[str, str]


def _files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name -> content digest), folders as ``<dir>``."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        found[name] = "<dir>" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _environment(case: Case) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "FOOTPRINT_CONFIG"}
    env.update(ENV_SECRETS)
    for key, value in case.env.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(case: Case, folder: Path, busy_port: int) -> Outcome:
    folder.mkdir(parents=True)
    if case.config is not None:
        config = case.config.encode() if isinstance(case.config, str) else case.config
        (folder / "footprint.toml").write_bytes(config)
    if case.setup is not None:
        case.setup(folder)
    before = _files(folder)
    args = [arg.replace("{busy_port}", str(busy_port)) for arg in case.args]
    done = subprocess.run(
        [FOOTPRINT, *args],
        cwd=folder,
        env=_environment(case),
        input=case.stdin if case.stdin is not None else b"",
        capture_output=True,
        timeout=TIMEOUT,
    )
    return Outcome(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        before,
        _files(folder),
    )


@pytest.fixture(scope="module")
def busy_port() -> Iterator[int]:
    """A loopback port something already listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, busy_port: int
) -> dict[str, Outcome]:
    """Every selected case, run at once in parallel threads; the tests then only read the outcomes."""
    selected = {
        item.callspec.params["case"].name
        for item in request.session.items
        if item.originalname == "test_bad_input_gets_one_clear_line"
    }
    root = tmp_path_factory.mktemp("battery")
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = {
            case.name: pool.submit(_run, case, root / f"case{index:03d}", busy_port)
            for index, case in enumerate(CASES)
            if case.name in selected
        }
        return {name: future.result() for name, future in futures.items()}


def test_the_battery_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


def _strict_json(line: str) -> dict:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON: {line}")

    return json.loads(line, parse_constant=refuse)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gets_one_clear_line(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    streams = outcome.stdout + outcome.stderr
    assert outcome.code == case.exit, (outcome.code, outcome.stderr)
    assert "Traceback" not in streams and 'File "' not in streams, outcome.stderr
    assert "unexpected error" not in outcome.stderr
    err_lines = outcome.stderr.splitlines()
    if case.names is None:
        assert err_lines == [], outcome.stderr
    else:
        assert err_lines, "no message at all"
        first = err_lines[0]
        assert first.startswith("footprint: "), first
        assert case.names in first, f"{case.names!r} not named in {first!r}"
        assert case.phrase.lower() in first.lower(), f"{case.phrase!r} not in {first!r}"
        assert all(line.startswith("footprint: ") for line in err_lines), outcome.stderr
    for secret in [*ENV_SECRETS.values(), *([case.secret] if case.secret else [])]:
        assert secret not in streams, f"a secret was printed: {streams}"
    changed = {name for name in outcome.before if outcome.after.get(name) != outcome.before[name]}
    assert not changed, f"input files changed or removed: {changed}"
    if case.exit != 0:
        left = set(outcome.after) - set(outcome.before) - set(case.creates)
        assert not left, f"a failed command left files behind: {left}"
    if case.stdout is not None:
        answers = [_strict_json(line) for line in outcome.stdout.splitlines()]
        assert [answer.get("label") for answer in answers] == case.stdout
        for answer in answers:
            if "error" in answer:
                assert set(answer) == {"id", "error"} and answer["error"].startswith("stdin line ")
                assert f"footprint: {answer['error']}" in err_lines
