"""`footprint me`: your own footprint from one personal token, no admin rights, no config to write.

Asks GitHub whose token it is, writes ``DIR/footprint.toml`` for that person (:mod:`.me_config`; kept
as it is when it exists), runs ``footprint sync`` on it (the items they were involved in, incremental
on reruns) and opens the dashboard on *My footprint*. Exit codes as everywhere: 3 for a refused token,
1 when GitHub cannot be reached (one line each), 2 for a bad option or a folder that holds someone
else's footprint; finding nothing is not an error.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from collectors.config import ConfigError, load_config
from collectors.github.errors import RepoFailed, ScopeMissing, Unreachable
from collectors.github.org_teams import OrgTeams, TeamsReader
from collectors.github.ratelimit import RateLimitGate
from collectors.github.section import GithubConfig
from collectors.github.transport import Transport
from collectors.github.viewer import Viewer, read_viewer
from collectors.store import open_store
from dashboard.errors import UsageError

from .me_config import DEFAULT_API, me_teams, render_me_config
from .serve import run_streamlit
from .toml_text import checked

START_PAGE_ENV = "FOOTPRINT_START_PAGE"
NO_TEAMS = (
    "teams: the token cannot read your organisations' teams (GitHub wants the read:org scope); "
    "your footprint is complete without them, only cross-team evidence needs them"
)


def default_dir() -> Path:
    """``$XDG_DATA_HOME/footprint/me``, else ``~/.local/share/footprint/me``."""
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    return Path(base or Path.home() / ".local" / "share") / "footprint" / "me"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _fail(text: str, code: int) -> typer.Exit:
    _say(f"footprint: {text}")
    return typer.Exit(code)


def _read_teams(transport: Transport, viewer: Viewer) -> tuple[list[OrgTeams], str | None]:
    reader = TeamsReader(transport)
    found = []
    for org in viewer.orgs:
        try:
            found.append(reader.read(org, members=False, member=viewer.login))
        except ScopeMissing:
            return [], NO_TEAMS
        except Unreachable:
            raise
        except RepoFailed as exc:
            _say(f"teams of {org}: not read ({exc})")
    return found, None


def _write_config(
    path: Path, viewer: Viewer, api_url: str, token_env: str, since: date, transport: Transport
) -> None:
    found, note = _read_teams(transport, viewer)
    if note:
        _say(note)
    teams = me_teams(found)
    text = render_me_config(
        viewer, api_url=api_url, token_env=token_env, since=since, teams=teams, teams_note=note,
        today=datetime.now(UTC).date(),
    )  # fmt: skip
    checked(text, path)  # what every other command will load
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    mine = sum(team.mine for team in teams)
    _say(f"wrote {path}: {viewer.login}, {len(teams)} teams ({mine} yours), since {since.isoformat()}")


def _existing(path: Path, since: date | None, api_url: str | None) -> GithubConfig | None:
    """The ``[github]`` of a config ``footprint me`` wrote before, if any; ConfigError when an option
    contradicts it (the file is the user's now: they edit it, or pick another folder)."""
    if not path.exists():
        return None
    github = load_config(path).section("github")
    if github is None or not github.involves:
        raise ConfigError([f"{path}: not a `footprint me` config (no github.involves); pass another --dir"])
    if since is not None and github.since != since:
        raise ConfigError([f"{path}: github.since is {github.since}; edit it there, or pass another --dir"])
    if api_url is not None and github.api_url != api_url.rstrip("/"):
        raise ConfigError(
            [f"{path}: github.api_url is {github.api_url}; edit it there, or pass another --dir"]
        )
    return github


def register(app: typer.Typer) -> None:
    @app.command()
    def me(
        since: Annotated[
            datetime | None,
            typer.Option(
                formats=["%Y-%m-%d"], help="How far back to look (default: one year ago).", show_default=False
            ),
        ] = None,
        api_url: Annotated[
            str | None, typer.Option(help=f"GitHub API (GHES: https://HOST/api/v3). Default {DEFAULT_API}.")
        ] = None,
        token_env: Annotated[
            str, typer.Option(help="Environment variable holding your token.")
        ] = "GITHUB_TOKEN",
        directory: Annotated[
            Path | None,
            typer.Option(
                "--dir",
                help="Where the config and store live (default ~/.local/share/footprint/me).",
                show_default=False,
            ),
        ] = None,
        no_dashboard: Annotated[
            bool, typer.Option("--no-dashboard", help="Sync only; do not start the dashboard.")
        ] = False,
        port: Annotated[int, typer.Option(help="Port of the dashboard.")] = 8501,
    ) -> None:
        """Your own footprint from one personal token: no admin rights, no config to write."""
        path = (directory or default_dir()).expanduser() / "footprint.toml"
        existing = _existing(path, since.date() if since else None, api_url)
        env = token_env or (existing.token_env if existing else "GITHUB_TOKEN")
        token = os.environ.get(env, "").strip()
        if not token:
            raise UsageError(f"--token-env: environment variable {env} is not set: put a GitHub token in it")
        url = (api_url or (existing.api_url if existing else DEFAULT_API)).rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"--api-url: {url!r} is not an http(s) URL")
        transport = Transport(url, token, RateLimitGate(900, on_status=lambda _: None), lambda: None)
        try:
            viewer = read_viewer(transport)
            if existing is None:
                start = since.date() if since else datetime.now(UTC).date() - timedelta(days=365)
                _write_config(path, viewer, url, env, start, transport)
            elif viewer.login.lower() not in (login.lower() for login in existing.involves):
                whose = ", ".join(existing.involves)
                raise ConfigError([f"{path}: holds the footprint of {whose}; the token is {viewer.login}'s"])
            else:
                _say(f"using {path} (yours to edit; `footprint me` keeps it as it is)")
        except Unreachable as exc:
            raise _fail(str(exc), 1) from None
        except RepoFailed as exc:
            raise _fail(str(exc), 1) from None
        finally:
            transport.close()
        from dashboard.cli import build_app  # exactly `footprint sync --config PATH --source github`

        code = typer.main.get_command(build_app("sync")).main(
            ["sync", "--config", str(path), "--source", "github"],
            prog_name="footprint",
            standalone_mode=False,
        )
        if code not in (0, 1, None):
            raise typer.Exit(int(code))
        config = load_config(path)
        store = open_store(config.store_url())
        try:
            found = store.count_events()
        finally:
            store.dispose()
        github = config.section("github")
        assert github is not None
        if not found:
            _say(
                f"nothing found: no pull request or issue involving {viewer.login} since {github.since} "
                "that this token can see"
            )
            raise typer.Exit(0)
        if no_dashboard:
            _say(f"open it with: footprint dashboard --config {path}")
            raise typer.Exit(int(code or 0))
        os.environ[START_PAGE_ENV] = "my_footprint"
        raise typer.Exit(run_streamlit(config, host="127.0.0.1", port=port))
