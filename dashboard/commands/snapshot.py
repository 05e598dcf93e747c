"""`footprint snapshot`: write the export folder of DESIGN §6, optionally dated with retention."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from collectors.config import Config
from dashboard.errors import UsageError

from .common import ConfigOption, load, say_window, store_span


def register(app: typer.Typer) -> None:
    @app.command()
    def snapshot(
        out: Annotated[
            Path, typer.Option("--out", metavar="DIR", help="Folder to write (replaced if it is a snapshot).")
        ],
        config: ConfigOption = None,
        since: Annotated[
            str | None, typer.Option(metavar="D", help="First day, YYYY-MM-DD (default: last full quarter).")
        ] = None,
        until: Annotated[
            str | None, typer.Option(metavar="D", help="Day after the last, YYYY-MM-DD (excluded).")
        ] = None,
        include_text: Annotated[
            bool, typer.Option("--include-text", help="Also export comment and issue text bodies.")
        ] = False,
        dated: Annotated[
            bool, typer.Option("--dated", help="Write into OUT/YYYY-MM-DD (today, UTC) for scheduled runs.")
        ] = False,
        keep: Annotated[
            int | None,
            typer.Option(min=1, metavar="N", help="With --dated: keep only the newest N dated snapshots."),
        ] = None,
    ) -> None:
        """Write a self-describing snapshot: manifest, events, evidence, footprint, people, report.html."""
        from dashboard.exports.atomic import check_folder_target
        from dashboard.exports.retention import dated_folder, prune
        from dashboard.exports.window import parse_day, resolve_window

        if keep is not None and not dated:
            raise UsageError("--keep: only with --dated (retention applies to dated sub-folders)")
        first, last = parse_day(since, "--since"), parse_day(until, "--until")
        now = datetime.now(UTC)
        resolve_window(first, last, today=now.date())  # refuses --since after --until, before any work
        target = dated_folder(out, now.date()) if dated else out

        def target_is_usable(_: Config) -> None:  # once the config is good, before the store opens
            from dashboard.exports.snapshot import MANIFEST  # the export's imports: only when needed

            check_folder_target(target, marker=MANIFEST)

        loaded, store = load(config, check=target_is_usable)
        from dashboard.exports.snapshot import MANIFEST, read_manifest, write_snapshot

        window = resolve_window(first, last, today=now.date())
        try:
            written = write_snapshot(
                store, loaded, target, since=first, until=last, include_text=include_text, now=now
            )
            covers = store_span(store)
        finally:
            store.dispose()
        say_window(window, empty=read_manifest(written)["counts"]["events"] == 0, covers=covers)
        typer.echo(f"Snapshot written: {written}")
        if keep is not None:
            for removed in prune(out, keep, MANIFEST):
                typer.echo(f"Removed old snapshot: {removed}")
