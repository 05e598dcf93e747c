"""Deterministic CSV and Parquet writers that stream a frame in fixed-size chunks.

Same rows in, same bytes out: CSV is UTF-8 with a header row, ``\\n`` line ends and ISO 8601 UTC
timestamps; Parquet has an explicit schema, no pandas metadata and fixed row groups (the chunk size),
so nothing in either file depends on when or where it was written. Chunking keeps the peak memory of
formatting a million rows to one chunk's worth of text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .tables import iso_utc

CHUNK_ROWS = 100_000


def _csv_chunk(chunk: pd.DataFrame) -> pd.DataFrame:
    out = chunk.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.DatetimeTZDtype):
            out[name] = iso_utc(out[name])
    return out


def write_csv(frame: pd.DataFrame, path: Path, *, chunk_rows: int = CHUNK_ROWS) -> None:
    """``frame`` as CSV at ``path``, header first, rows in the frame's order."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        if frame.empty:
            frame.iloc[:0].to_csv(handle, index=False, lineterminator="\n")
            return
        for start in range(0, len(frame), chunk_rows):
            chunk = _csv_chunk(frame.iloc[start : start + chunk_rows])
            chunk.to_csv(handle, index=False, header=start == 0, lineterminator="\n")


def write_parquet(
    frame: pd.DataFrame, path: Path, schema: pa.Schema, *, chunk_rows: int = CHUNK_ROWS
) -> None:
    """``frame`` as Parquet with exactly ``schema``, one row group per ``chunk_rows`` rows."""
    with pq.ParquetWriter(path, schema, compression="zstd", write_page_index=False) as writer:
        for start in range(0, max(len(frame), 1), chunk_rows):
            chunk = frame.iloc[start : start + chunk_rows]
            table = pa.Table.from_pandas(chunk, schema=schema, preserve_index=False)
            writer.write_table(table.replace_schema_metadata(None))
