"""`footprint classify`: JSON lines in, one answer per line out; a malformed line is answered with an
error object, named on stderr, and makes the exit code 2, while every other line is still answered."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

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
    source = io.BytesIO((_input(LINES[:1]) + line + "\n" + _input(LINES[2:3])).encode())
    sink = io.BytesIO()
    result = classify_stream(source, sink)
    assert len(result.problems) == 1 and result.problems[0].startswith(message)
    out = [json.loads(row) for row in sink.getvalue().decode().splitlines()]
    assert [row.get("label") for row in out] == ["defect", None, "maintainability"]
    assert out[1]["error"] == result.problems[0]


def test_batches_keep_order() -> None:
    records = [{"id": i, "text": "LGTM" if i % 2 else "Why?"} for i in range(7)]
    sink = io.BytesIO()
    result = classify_stream(io.BytesIO(_input(records).encode()), sink, batch_size=3)
    assert result.written == 7 and result.problems == []
    out = [json.loads(line) for line in sink.getvalue().decode().splitlines()]
    assert [row["id"] for row in out] == list(range(7))
    assert [row["label"] for row in out] == ["question", "other"] * 3 + ["question"]


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
        input=_input(LINES[:1]) + "oops\n" + _input(LINES[3:]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "footprint: stdin line 2: not valid JSON (Expecting value at column 1)"
    ]
    assert "Traceback" not in done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out[1] == {"id": None, "error": "stdin line 2: not valid JSON (Expecting value at column 1)"}
    assert [row.get("label") for row in out] == ["defect", None, "question"]
