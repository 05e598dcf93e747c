"""Deterministic CSV and Parquet writers that stream a frame in fixed-size chunks through Arrow.

Same rows in, same bytes out. CSV (Arrow's C++ writer): UTF-8, a header row, ``\\n`` line ends, string
values quoted (RFC 4180), missing values empty, timestamps ISO 8601 UTC (``2026-05-04T09:12:00Z``).
Parquet: an explicit schema, no pandas metadata, fixed row groups (the chunk size), so nothing in either
file depends on when or where it was written. Chunking keeps the peak memory of formatting a million
rows to one chunk's worth.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

CHUNK_ROWS = 100_000
_CSV_OPTIONS = pa_csv.WriteOptions(include_header=True, quoting_style="needed")


def iso_strings(values: pd.Series) -> np.ndarray:
    """UTC timestamps as ISO 8601 text with ``Z``; fractional seconds only where there are any."""
    times = pd.to_datetime(values, utc=True).dt.tz_convert(None).to_numpy().astype("datetime64[us]")
    missing = np.isnat(times)
    text = np.datetime_as_string(times, unit="s", timezone="UTC").astype(object)
    fractional = ~missing & (times.astype("int64") % 1_000_000 != 0)
    if fractional.any():
        text[fractional] = np.datetime_as_string(times[fractional], unit="us", timezone="UTC")
    text[missing] = None
    return text


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema(
        [pa.field(f.name, pa.string() if pa.types.is_timestamp(f.type) else f.type) for f in schema]
    )


def _arrow(chunk: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pandas(chunk, schema=schema, preserve_index=False).replace_schema_metadata(None)


def _for_csv(table: pa.Table) -> pa.Table:
    """``table`` with its timestamp columns replaced by their ISO 8601 text."""
    for index, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            times = table.column(index).to_pandas()
            table = table.set_column(index, field.name, pa.array(iso_strings(times), pa.string()))
    return table


def write_table(
    frame: pd.DataFrame,
    schema: pa.Schema,
    *,
    csv_path: Path | None = None,
    parquet_path: Path | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> None:
    """``frame`` (columns exactly ``schema``'s, in order) as CSV and/or Parquet, rows in frame order."""
    csv_writer = (
        pa_csv.CSVWriter(csv_path, _csv_schema(schema), write_options=_CSV_OPTIONS) if csv_path else None
    )
    parquet_writer = (
        pq.ParquetWriter(parquet_path, schema, compression="zstd", write_page_index=False)
        if parquet_path
        else None
    )
    try:
        for start in range(0, max(len(frame), 1), chunk_rows):
            table = _arrow(frame.iloc[start : start + chunk_rows], schema)
            if parquet_writer is not None:
                parquet_writer.write_table(table)
            if csv_writer is not None and table.num_rows:
                csv_writer.write_table(_for_csv(table))
    finally:
        if csv_writer is not None:
            csv_writer.close()
        if parquet_writer is not None:
            parquet_writer.close()
