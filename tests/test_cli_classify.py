"""`footprint classify`: JSON lines in, one classification per line out; malformed input exits 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from collectors.config import ConfigError
from dashboard.commands.classify import classify_stream, register

FOOTPRINT = Path(sys.executable).with_name("footprint")

LINES = [
    {"id": 1, "text": "This will crash when the port is None."},
    {"id": "b", "text": None},
    {"id": "c", "text": "nit: typo, consider renaming it because the name is confusing"},
    {"id": 4.5, "text": "Why do we need this?"},
]


def _input(records: list[dict]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:  # a second command keeps `classify` a named subcommand, as in the real CLI
        """Unused."""

    return app


def test_classify_lines() -> None:
    result = CliRunner().invoke(_app(), ["classify"], input=_input(LINES[:2]) + "\n" + _input(LINES[2:]))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in out] == [1, "b", "c", 4.5]
    assert all(set(row) == {"id", "label", "behaviours", "reason"} for row in out)
    assert [row["label"] for row in out] == ["defect", "other", "maintainability", "question"]
    assert out[0]["behaviours"] == ["reviewing", "risk_raising"]
    assert out[1] == {"id": "b", "label": "other", "behaviours": [], "reason": "other: empty text"}
    assert out[2]["behaviours"] == ["reviewing", "mentoring"]  # suggestion and explanation cues
    assert "'crash'" in out[0]["reason"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "stdin line 2: not valid JSON"),
        ("[1, 2]", "stdin line 2: expected a JSON object"),
        ('{"text": "x"}', "stdin line 2: missing key 'id'"),
        ('{"id": 1}', "stdin line 2: missing key 'text'"),
        ('{"id": 1, "text": 5}', "stdin line 2: 'text' must be a string or null"),
        ('{"id": [1], "text": "x"}', "stdin line 2: 'id' must be a string or a number"),
    ],
)
def test_malformed_line_names_the_line(line: str, message: str) -> None:
    source = io.StringIO(_input(LINES[:1]) + line + "\n")
    with pytest.raises(ConfigError) as caught:
        classify_stream(source, io.StringIO())
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(message)


def test_batches_keep_order() -> None:
    records = [{"id": i, "text": "LGTM" if i % 2 else "Why?"} for i in range(7)]
    sink = io.StringIO()
    assert classify_stream(io.StringIO(_input(records)), sink, batch_size=3) == 7
    out = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert [row["id"] for row in out] == list(range(7))
    assert [row["label"] for row in out] == ["question", "praise"] * 3 + ["question"]


@pytest.mark.skipif(not FOOTPRINT.exists(), reason="console script not installed in this environment")
def test_console_script_end_to_end() -> None:
    done = subprocess.run(
        [str(FOOTPRINT), "classify"], input=_input(LINES), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["label"] for line in done.stdout.splitlines()] == [
        "defect",
        "other",
        "maintainability",
        "question",
    ]


@pytest.mark.skipif(not FOOTPRINT.exists(), reason="console script not installed in this environment")
def test_console_script_malformed_line_exits_2_without_traceback() -> None:
    done = subprocess.run(
        [str(FOOTPRINT), "classify"],
        input=_input(LINES[:1]) + "oops\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "footprint: stdin line 2: not valid JSON (Expecting value at column 1)"
    ]
    assert "Traceback" not in done.stderr
