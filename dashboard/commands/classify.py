"""`footprint classify`: text classes of comments, one JSON object per line in and out (DESIGN §4).

Input (stdin): one JSON object per line, ``{"id": ..., "text": "..."}``; ``id`` is any JSON string or
number and is echoed back, ``text`` is a string or null. Blank lines are skipped.
Output (stdout): ``{"id", "label", "behaviours", "reason"}`` per input line, in input order.

Lines are classified in batches (vectorised), so output for a batch appears once it is read in full.
A malformed line stops the command with one message naming the line number and exit code 2; the
output for earlier batches has already been written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Annotated, Any

import pandas as pd
import typer

from collectors.config import ConfigError
from metrics.textclass import CUES, behaviours_for, classify_texts

BATCH = 5000


def _parse(line: str, number: int) -> tuple[Any, str | None]:
    """The (id, text) of one input line; raises ConfigError naming the line if it is malformed."""
    where = f"stdin line {number}"
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as exc:
        raise ConfigError([f"{where}: not valid JSON ({exc.msg} at column {exc.colno})"]) from None
    if not isinstance(record, dict):
        raise ConfigError([f'{where}: expected a JSON object {{"id": ..., "text": ...}}'])
    if "id" not in record or "text" not in record:
        missing = [key for key in ("id", "text") if key not in record]
        raise ConfigError([f"{where}: missing key {', '.join(repr(key) for key in missing)}"])
    ident, text = record["id"], record["text"]
    if isinstance(ident, bool) or not isinstance(ident, str | int | float):
        raise ConfigError([f"{where}: 'id' must be a string or a number"])
    if text is not None and not isinstance(text, str):
        raise ConfigError([f"{where}: 'text' must be a string or null"])
    return ident, text


def _batches(lines: Iterable[str], size: int) -> Iterator[list[tuple[Any, str | None]]]:
    batch: list[tuple[Any, str | None]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        batch.append(_parse(line, number))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def classify_stream(source: IO[str], sink: IO[str], batch_size: int = BATCH) -> int:
    """Classify JSON lines from ``source`` into ``sink``; returns how many were written."""
    written = 0
    for batch in _batches(source, batch_size):
        texts = pd.Series([text for _, text in batch], dtype="object")
        result = classify_texts(texts)
        labels = result["label"].tolist()
        reasons = result["reason"].tolist()
        cue_flags = result[list(CUES)].to_numpy()
        for (ident, _), label, reason, flags in zip(batch, labels, reasons, cue_flags, strict=True):
            cues = [cue for cue, on in zip(CUES, flags, strict=True) if on]
            out = {"id": ident, "label": label, "behaviours": behaviours_for(label, cues), "reason": reason}
            sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        sink.flush()
        written += len(batch)
    return written


def register(app: typer.Typer) -> None:
    @app.command()
    def classify(
        batch: Annotated[int, typer.Option(min=1, help="Lines classified together.")] = BATCH,
    ) -> None:
        """Label comment texts: JSON lines {"id","text"} on stdin -> {"id","label","behaviours","reason"}."""
        classify_stream(sys.stdin, sys.stdout, batch)
