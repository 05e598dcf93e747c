"""``footprint snapshot``: the self-describing export folder of DESIGN §6 (a stable interface).

Files: ``manifest.json``, ``events.csv/.parquet``, ``evidence.csv/.parquet``, ``footprint.csv/.parquet``,
``people.csv``, ``opportunities.csv/.parquet`` (as of the window's end) and ``report.html``. Data files
are byte-identical for identical inputs (stable row order, fixed formatting, no write-time metadata);
only ``manifest.json`` carries ``generated_at``. The folder is built beside ``out`` and renamed into
place (:func:`~.atomic.atomic_folder`).
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from collectors.config import Config
from collectors.store import Store, committed_read
from dashboard.access import scrub_excluded

from . import tables
from .atomic import atomic_folder
from .report import write_report
from .window import Window, resolve_window
from .writers import write_table

if TYPE_CHECKING:
    from metrics.engine import Metrics

SCHEMA_VERSION: Final = 1
MANIFEST: Final = "manifest.json"
DATA_FILES: Final = (
    "events.csv",
    "events.parquet",
    "evidence.csv",
    "evidence.parquet",
    "footprint.csv",
    "footprint.parquet",
    "people.csv",
    "opportunities.csv",
    "opportunities.parquet",
)
FILES: Final = (MANIFEST, *DATA_FILES, "report.html")


def config_sha256(config: Config) -> str:
    """SHA-256 of the config file's bytes, or of its canonical JSON when it did not come from a file."""
    if config.path is not None and Path(config.path).is_file():
        return hashlib.sha256(Path(config.path).read_bytes()).hexdigest()
    return hashlib.sha256(config.model_dump_json().encode("utf-8")).hexdigest()


def _iso(value: Any) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def sources_summary(store: Store) -> list[dict[str, Any]]:
    """What was synced and when: per source, events stored, their time span, last sync and its status."""
    runs = store.runs()
    status: dict[str, str] = {}
    for row in runs.itertuples():  # newest first: the first seen per source is its latest run
        status.setdefault(str(row.source), str(row.status))
    summary = []
    for row in store.sources().itertuples():
        summary.append(
            {
                "source": str(row.source),
                "events": int(row.events),
                "first_event": _iso(row.first_event),
                "last_event": _iso(row.last_event),
                "last_sync": _iso(row.last_sync),
                "last_status": status.get(str(row.source)),
            }
        )
    return summary


def read_manifest(folder: Path) -> dict[str, Any]:
    """The ``manifest.json`` of a snapshot folder."""
    return json.loads((Path(folder) / MANIFEST).read_text("utf-8"))


def _load(store: Store, config: Config, window: Window) -> Metrics:
    """The window's metrics from the stored evidence and footprints (what the dashboard shows too)."""
    from metrics.stored.read import load_stored_metrics

    return load_stored_metrics(store, config, since=window.start, until=window.end)


@dataclass
class _DataFiles:
    """The tables of a snapshot's data files, as :mod:`.tables` makes them."""

    events: pd.DataFrame
    include_text: bool
    evidence: pd.DataFrame
    footprint: pd.DataFrame
    people: pd.DataFrame
    opportunities: pd.DataFrame

    def write(self, folder: Path) -> None:
        """Write every data file into ``folder`` (CSV and Parquet where DESIGN §6 has both)."""
        schema = tables.EVENT_TEXT_SCHEMA if self.include_text else tables.EVENT_SCHEMA
        pairs = (
            ("events", self.events, schema),
            ("evidence", self.evidence, tables.EVIDENCE_SCHEMA),
            ("footprint", self.footprint, tables.FOOTPRINT_SCHEMA),
        )
        for name, frame, frame_schema in pairs:
            write_table(
                frame, frame_schema, csv_path=folder / f"{name}.csv", parquet_path=folder / f"{name}.parquet"
            )
        write_table(self.people, tables.PEOPLE_SCHEMA, csv_path=folder / "people.csv")
        write_table(
            self.opportunities,
            tables.OPPORTUNITY_SCHEMA,
            csv_path=folder / "opportunities.csv",
            parquet_path=folder / "opportunities.parquet",
        )


def write_snapshot(
    store: Store,
    config: Config,
    out: Path,
    *,
    since: date | None = None,
    until: date | None = None,
    include_text: bool = False,
    metrics: Metrics | None = None,
    now: datetime | None = None,
) -> Path:
    """Write the snapshot of ``[since, until)`` (default: the last full quarter) to ``out``; return it.

    ``metrics`` may be passed when already computed for exactly this window; ``now`` fixes
    ``generated_at`` (and the default window). Text bodies are written only with ``include_text``.
    Raises :class:`~dashboard.errors.UsageError` (one line) when ``out`` cannot be written.
    """
    now = now or datetime.now(UTC)
    window = resolve_window(since, until, today=now.date())
    out = Path(out)
    with atomic_folder(out, marker=MANIFEST) as folder:  # checks `out` before the work starts
        if metrics is None:
            metrics = _load(store, config, window)
        events = tables.events_table(metrics.events, include_text=include_text)
        if include_text:  # others' comments on an excluded person's work name them
            events["text"] = scrub_excluded(events["text"], config)
        data = _DataFiles(
            events=events,
            include_text=include_text,
            evidence=tables.evidence_table(metrics.evidence),
            footprint=tables.footprint_table(metrics.footprint),
            people=tables.people_table(metrics.people, getattr(metrics, "unmapped", None)),
            opportunities=tables.opportunities_table(metrics.opportunities),
        )
        del events
        counts = {
            "events": len(data.events),
            "evidence": len(data.evidence),
            "people": int(data.people["mapped"].sum()),
            "unmapped_identities": int((~data.people["mapped"]).sum()),
            "opportunities": len(data.opportunities),
        }
        # With BULK_ROWS events or more, the data files are written on a second thread while this one
        # renders the report: Arrow's writers run in C without the GIL. The thread only touches the
        # tables made above (new frames), the report only `metrics` (which the thread never reads) and
        # its own copies of two small tables. A smaller snapshot is written in turn (no contention).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot-files") as pool:
            writing = (
                pool.submit(data.write, folder) if counts["events"] >= committed_read.BULK_ROWS else None
            )
            write_report(
                folder / "report.html",
                metrics,
                config,
                window,
                footprint=data.footprint.copy(),  # small: no frame is shared by the two threads
                people=data.people.copy(),
                include_text=include_text,
            )
            if writing is None:
                data.write(folder)
            else:
                writing.result()
        del data
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "generated_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "window": window.as_dict(),
            "counts": counts,
            "sources": sources_summary(store),
            "config_sha256": config_sha256(config),
            "include_text": include_text,
            "files": list(FILES),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return out
