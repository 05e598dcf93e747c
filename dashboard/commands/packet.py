"""`footprint packet`: the promotion evidence packet of one person, as Markdown or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collectors.config import Config
from dashboard.errors import UsageError

from .common import ConfigOption, load, say_window, store_span


def register(app: typer.Typer) -> None:
    @app.command()
    def packet(
        person: Annotated[str, typer.Option("--person", metavar="ID", help="Person id from [[people]].")],
        out: Annotated[Path, typer.Option("--out", metavar="FILE", help="File to write: .md or .html.")],
        config: ConfigOption = None,
        since: Annotated[
            str | None, typer.Option(metavar="D", help="First day, YYYY-MM-DD (default: last full quarter).")
        ] = None,
        until: Annotated[
            str | None, typer.Option(metavar="D", help="Day after the last, YYYY-MM-DD (excluded).")
        ] = None,
        growth: Annotated[
            bool,
            typer.Option(
                "--growth",
                help="Add the growth plan as a final section: next steps, not evidence (off by default).",
            ),
        ] = False,
    ) -> None:
        """Write the evidence packet for a promotion conversation (signals, not a verdict)."""
        from dashboard.exports.window import parse_day, resolve_window

        window = resolve_window(parse_day(since, "--since"), parse_day(until, "--until"))

        def usable(loaded: Config) -> None:  # once the config is good, before the store opens
            from dashboard.exports.packet_render import SUFFIXES  # the export's imports: only now

            if out.suffix.lower() not in SUFFIXES:
                raise UsageError(f"--out {out}: unsupported file type; use .md or .html")
            if person not in {p.id for p in loaded.people} - set(loaded.access.exclude):
                raise UsageError(f"--person {person}: no such person in [[people]] (or excluded)")

        loaded, store = load(config, check=usable)
        from dashboard.exports.packet import STRONGEST, build_packet
        from dashboard.exports.packet_render import write_packet
        from metrics.stored.person_slice import person_slice
        from metrics.stored.read import ensure_computed

        try:  # the person's slice of the store, as the dashboard's packet page reads it
            ensure_computed(store, loaded)
            found = person_slice(
                store, loaded, person, window.start, window.end, strongest=STRONGEST, packet=True
            )
            covers = store_span(store)
        finally:
            store.dispose()
        packet = build_packet(
            found.metrics, loaded, person, window.since, window.until, store_covers=covers, growth=growth,
            window_has_events=found.window_has_events, quoted=found.quoted,
        )  # fmt: skip
        say_window(window, empty=packet.empty_window, covers=covers)
        written = write_packet(packet, out)
        typer.echo(f"Packet written: {written}")
