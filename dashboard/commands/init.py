"""`footprint init --github-org ORG`: a team config drafted from the organisation.

Reads the org's teams, members (public profiles) and team repositories with permission (one GraphQL
request for 20 teams and 200 members, :mod:`collectors.github.org_teams`), optionally matches everyone
to a Jira account and assigns Jira projects to teams (:mod:`.init_draft`), renders a commented file
(:mod:`.init_render`), validates it with the normal config loader and only then writes it. An existing
file is never replaced without ``--force`` (exit 2, the file unchanged). Works the same on GitHub
Enterprise Server with ``--api-url``.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from collectors.base import AuthError, SourceError
from collectors.github.errors import NotFound, RepoFailed, ScopeMissing, Unreachable
from collectors.github.org_teams import TeamsReader
from collectors.github.ratelimit import RateLimitGate
from collectors.github.transport import Transport
from collectors.jira.connection import connect
from collectors.jira.users import JiraAccount, JiraUsers
from dashboard.errors import UsageError

from .init_draft import Draft, assign_projects, draft_from_teams, match_jira
from .init_render import render_draft
from .me_config import DEFAULT_API
from .toml_text import checked


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _secret(name: str, option: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise UsageError(f"{option}: environment variable {name} is not set")
    return value


def _read_org(org: str, api_url: str, token: str) -> Draft:
    transport = Transport(api_url, token, RateLimitGate(900), lambda: None)
    try:
        found = TeamsReader(transport).read(org, members=True)
    except ScopeMissing as exc:
        raise AuthError(f"the token cannot read the teams of {org}: {str(exc).split(': ', 1)[-1]}") from None
    except NotFound:
        raise UsageError(
            f"--github-org: {org!r} is not an organisation on {api_url}, or the token cannot see it"
        ) from None
    except Unreachable as exc:
        raise SourceError(str(exc)) from None
    except RepoFailed as exc:
        raise SourceError(str(exc)) from None
    finally:
        transport.close()
    if not found.teams:
        raise UsageError(f"--github-org: {org} has no teams this token can see: nothing to draft")
    start = datetime.now(UTC).date() - timedelta(days=365)
    return draft_from_teams(found, api_url=api_url, token_env="GITHUB_TOKEN", since=start)


def _add_jira(draft: Draft, url: str, projects: list[str], user_env: str | None, token_env: str) -> None:
    user = os.environ.get(user_env, "").strip() if user_env else None
    if user_env and not user:
        raise UsageError(f"--jira-user-env: environment variable {user_env} is not set")
    token = _secret(token_env, "--jira-token-env")
    connection = connect(
        url, user=user, token=token, max_wait_seconds=900, on_request=lambda: None, on_wait=lambda *_: None
    )
    users = JiraUsers(connection)
    leads: dict[str, JiraAccount | None] = {}
    for key in projects:
        try:
            project = connection.get_json(f"project/{key}")
        except Exception as exc:  # the jira library raises JIRAError for HTTP answers
            status = getattr(exc, "status_code", None)
            if status == 404:
                raise UsageError(f"--jira-project: {key!r} is not a project on {url}") from None
            raise SourceError(f"{url}: project {key}: {type(exc).__name__} {status or ''}".strip()) from None
        leads[key] = users.account(project.get("lead") or {})
    draft.jira_url, draft.jira_user_env, draft.jira_token_env = url.rstrip("/"), user_env, token_env
    draft.projects = list(projects)
    match_jira(draft, users.match)
    assign_projects(draft, leads)


def _write(path: Path, text: str, *, force: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not force:
        try:
            with path.open("x", encoding="utf-8") as handle:  # never replaces a file that appeared meanwhile
                handle.write(text)
        except FileExistsError:
            raise UsageError(f"--out {path}: exists; pass --force to replace it") from None
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def register(app: typer.Typer) -> None:
    @app.command()
    def init(
        github_org: Annotated[str, typer.Option(help="The GitHub organisation to draft the config from.")],
        api_url: Annotated[str, typer.Option(help="GitHub API (GHES: https://HOST/api/v3).")] = DEFAULT_API,
        token_env: Annotated[
            str, typer.Option(help="Environment variable holding the GitHub token.")
        ] = "GITHUB_TOKEN",
        jira_url: Annotated[
            str | None, typer.Option(help="Jira to match people in (Cloud or Data Center).")
        ] = None,
        jira_project: Annotated[
            list[str] | None,
            typer.Option(help="A Jira project key (repeat for several).", show_default=False),
        ] = None,
        jira_user_env: Annotated[
            str | None,
            typer.Option(help="Jira Cloud: variable holding the account email (default JIRA_USER if set)."),
        ] = None,
        jira_token_env: Annotated[str, typer.Option(help="Variable holding the Jira token.")] = "JIRA_TOKEN",
        out: Annotated[Path, typer.Option(help="Where to write the config.")] = Path("footprint.toml"),
        force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    ) -> None:
        """Draft a footprint.toml from a GitHub organisation's teams (and match people in Jira)."""
        if out.exists() and not force:
            raise UsageError(f"--out {out}: exists; pass --force to replace it")
        projects = list(dict.fromkeys(key.strip().upper() for key in jira_project or [] if key.strip()))
        if bool(jira_url) != bool(projects):
            raise UsageError("--jira-url and --jira-project go together: give both or neither")
        url = api_url.rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"--api-url: {url!r} is not an http(s) URL")
        token = _secret(token_env, "--token-env")
        try:
            draft = _read_org(github_org, url, token)
            draft.token_env = token_env
            if jira_url:
                user_env = jira_user_env or ("JIRA_USER" if os.environ.get("JIRA_USER", "").strip() else None)
                _add_jira(draft, jira_url, projects, user_env, jira_token_env)
        except SourceError as exc:
            _say(f"footprint: {exc}")
            raise typer.Exit(1) from None
        text = render_draft(draft, datetime.now(UTC).date())
        checked(text, out.resolve())  # exactly what `footprint sync` will load
        _write(out, text, force=force)
        matched = sum(1 for person in draft.people if person.jira)
        jira = f", {matched} of them matched in Jira" if draft.jira_url else ""
        _say(
            f"wrote {out}: {len(draft.teams)} teams, {len(draft.people)} people{jira}, "
            f"{len(draft.repos)} repositories; {draft.review_count()} lines marked REVIEW"
        )
