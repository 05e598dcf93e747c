"""`footprint classify`: text classes of comments, one JSON object per line in and out (DESIGN §4).

Input (stdin): UTF-8, one JSON object per line, ``{"id": ..., "text": "..."}``; ``id`` is any JSON string
or finite number and is echoed back, ``text`` is a string or null. Blank lines are skipped.
Output (stdout): one line per input line, in input order: ``{"id", "label", "behaviours", "reason"}``.

A malformed line (not UTF-8, not JSON, not such an object, an id of NaN or Infinity) does not stop the
command: its output line is ``{"id": <the id if it could be read, else null>, "error": "stdin line N:
..."}``, the same message goes to stderr as one line, and every other line is still answered. The exit
code is 2 when any line was malformed, 0 otherwise. Output is always valid JSON: text that is not valid
Unicode (a lone surrogate escape) is classified with U+FFFD in its place and echoed as an escape.

Lines are classified in batches (vectorised), so output for a batch appears once it is read in full.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Annotated, Any

import pandas as pd
import typer

from dashboard.exit_codes import EXIT_USAGE, exit_for_broken_pipe
from metrics.textclass import CUES, behaviours_for, classify_texts

BATCH = 5000
#: Malformed lines named on stderr one by one; beyond this, one line counts the rest.
SHOWN_PROBLEMS = 20
_SURROGATE = re.compile("[\ud800-\udfff]")


class _MalformedLine(ValueError):
    def __init__(self, message: str, ident: Any = None) -> None:
        super().__init__(message)
        self.ident = ident


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    ident: Any = None
    text: str | None = None
    error: str | None = None


@dataclass
class ClassifyResult:
    """How many lines were answered, and the message of each malformed one."""

    written: int = 0
    problems: list[str] = field(default_factory=list)


def _refuse_constant(name: str) -> Any:
    raise _MalformedLine(f"not valid JSON ({name} is not a JSON value)")


def _record(raw: bytes) -> tuple[Any, str | None]:
    """The (id, text) of one input line; :class:`_MalformedLine` saying what is wrong with it."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _MalformedLine(f"not UTF-8 text (byte {exc.start + 1} cannot be read)") from None
    try:
        record = json.loads(line.strip(), parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise _MalformedLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise _MalformedLine("not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise _MalformedLine('expected a JSON object {"id": ..., "text": ...}')
    missing = [key for key in ("id", "text") if key not in record]
    if missing:
        raise _MalformedLine(f"missing key {', '.join(repr(key) for key in missing)}", record.get("id"))
    ident, text = record["id"], record["text"]
    if isinstance(ident, bool) or not isinstance(ident, str | int | float):
        raise _MalformedLine("'id' must be a string or a number")
    if isinstance(ident, float) and not math.isfinite(ident):
        raise _MalformedLine("'id' must be a string or a finite number")
    if text is not None and not isinstance(text, str):
        raise _MalformedLine("'text' must be a string or null", ident)
    return ident, text


def _lines(source: IO[bytes]) -> Iterator[_Line]:
    for number, raw in enumerate(source, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some editors write
        if not raw.strip():
            continue
        try:
            ident, text = _record(raw)
        except _MalformedLine as exc:
            yield _Line(number, exc.ident, error=f"stdin line {number}: {exc}")
        else:
            yield _Line(number, ident, text)


def _batches(lines: Iterable[_Line], size: int) -> Iterator[list[_Line]]:
    batch: list[_Line] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _answers(batch: list[_Line]) -> Iterator[dict[str, Any]]:
    good = [line for line in batch if line.error is None]
    texts = [None if line.text is None else _SURROGATE.sub("\ufffd", line.text) for line in good]
    result = classify_texts(pd.Series(texts, dtype="object"))
    answers = {}
    cue_flags = result[list(CUES)].to_numpy()
    for line, label, reason, flags in zip(
        good, result["label"].tolist(), result["reason"].tolist(), cue_flags, strict=True
    ):
        cues = [cue for cue, on in zip(CUES, flags, strict=True) if on]
        answers[line.number] = {
            "id": line.ident,
            "label": label,
            "behaviours": behaviours_for(label, cues),
            "reason": reason,
        }
    for line in batch:
        yield answers[line.number] if line.error is None else {"id": line.ident, "error": line.error}


def _json_line(value: dict[str, Any]) -> bytes:
    # A lone surrogate cannot be UTF-8; written as its \\uXXXX escape it stays valid JSON, unchanged.
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8", "backslashreplace")


def classify_stream(source: IO[bytes], sink: IO[bytes], batch_size: int = BATCH) -> ClassifyResult:
    """Classify JSON lines from ``source`` into ``sink`` (both binary); see the module docstring."""
    result = ClassifyResult()
    for batch in _batches(_lines(source), batch_size):
        for answer in _answers(batch):
            sink.write(_json_line(answer))
            if "error" in answer:
                result.problems.append(answer["error"])
        sink.flush()
        result.written += len(batch)
    return result


def register(app: typer.Typer) -> None:
    @app.command()
    def classify(
        batch: Annotated[int, typer.Option(min=1, metavar="N", help="Lines classified together.")] = BATCH,
    ) -> None:
        """Label comment texts: JSON lines {"id","text"} on stdin -> {"id","label","behaviours","reason"}.

        A malformed line is answered with {"id", "error"} and named on stderr; the other lines are
        still answered, and the exit code is then 2.
        """
        try:
            result = classify_stream(sys.stdin.buffer, sys.stdout.buffer, batch)
        except BrokenPipeError:  # the reader stopped early (`| head`): not an error of the input
            exit_for_broken_pipe()
        for problem in result.problems[:SHOWN_PROBLEMS]:
            typer.echo(f"footprint: {problem}", err=True)
        if len(result.problems) > SHOWN_PROBLEMS:
            typer.echo(
                f"footprint: and {len(result.problems) - SHOWN_PROBLEMS} more malformed lines "
                '(each answered with an "error")',
                err=True,
            )
        if result.problems:
            raise typer.Exit(EXIT_USAGE)
