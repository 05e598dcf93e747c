"""The ``footprint.toml`` that ``footprint me`` writes: one person, their items, their organisations' teams.

An ordinary config: ``[store]`` inside the folder, ``[github]`` with the API, ``since`` and
``involves = ["<login>"]`` (only the items that person was involved in, not whole repositories), one
``[[people]]`` entry for them (id = login lower-cased, name, github, public email) and, when the token
could read them, the teams of their organisations with the repositories each can push to, maintain or
administer, so work on another team's repository counts as cross-team. Their own team is the smallest
they are in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from collectors.github.org_teams import OrgTeam, OrgTeams
from collectors.github.viewer import Viewer

from .toml_text import comment, string, strings

DEFAULT_API = "https://api.github.com"


@dataclass(frozen=True)
class MeTeam:
    name: str  # the team's name in the config: its slug, or org/slug when two organisations share one
    team: OrgTeam
    mine: bool


def me_teams(found: list[OrgTeams]) -> list[MeTeam]:
    """Every team that owns a repository, plus the viewer's own, named uniquely."""
    slugs = [team.slug for org in found for team in org.teams]
    chosen = []
    for org in found:
        for team in org.teams:
            mine = team.slug in org.member_of
            if team.owned_repos() or mine:
                name = team.slug if slugs.count(team.slug) == 1 else f"{org.org}/{team.slug}"
                chosen.append(MeTeam(name, team, mine))
    return chosen


def own_team(teams: list[MeTeam]) -> MeTeam | None:
    """The smallest of the viewer's teams (ties: by name)."""
    mine = [team for team in teams if team.mine]
    return min(mine, key=lambda t: (t.team.size, t.name)) if mine else None


def render_me_config(
    viewer: Viewer,
    *,
    api_url: str,
    token_env: str,
    since: date,
    teams: list[MeTeam],
    teams_note: str | None,
    today: date,
) -> str:
    """The file's text; ``teams_note`` says why there are no teams when they could not be read."""
    lines = [
        comment(f"Your footprint, written by `footprint me` on {today.isoformat()} for {viewer.login}."),
        "# An ordinary footprint.toml: every footprint command takes it with --config. Edit it freely:",
        "# `footprint me` and `footprint sync` use it as it is from now on.",
        "",
        "[store]",
        'url = "sqlite:///footprint.db"           # beside this file',
        "",
        "[github]",
        f"api_url = {string(api_url)}",
    ]
    if token_env != "GITHUB_TOKEN":
        lines.append(f"token_env = {string(token_env)}")
    lines += [
        f"since = {string(since.isoformat())}",
        f"involves = {strings([viewer.login])}"
        "  # only the items you were involved in, not whole repositories",
        "",
    ]
    mine = own_team(teams)
    if teams:
        lines.append("# The teams of your organisations, with the repositories each can push to, maintain or")
        lines.append("# administer: your work on another team's repository counts as cross-team.")
        for team in teams:
            lines += ["[[teams]]", f"name = {string(team.name)}"]
            if team.team.name != team.name:
                lines[-1] += "  " + comment(team.team.name)
            lines += [f"repos = {strings(team.team.owned_repos())}", ""]
    elif teams_note:
        lines += [comment(teams_note), ""]
    lines += ["[[people]]", f"id = {string(viewer.login.lower())}"]
    if viewer.name:
        lines.append(f"name = {string(viewer.name)}")
    if mine is not None:
        others = [team.name for team in teams if team.mine and team is not mine]
        note = (
            f"  {comment('also in ' + ', '.join(others) + ' (the smallest team is yours)')}" if others else ""
        )
        lines.append(f"team = {string(mine.name)}{note}")
    lines.append(f"github = {strings([viewer.login])}")
    if viewer.email:
        lines.append(f"emails = {strings([viewer.email])}")
    lines.append("# level = 3                              # your seniority, if you want mentoring measured")
    return "\n".join(lines) + "\n"
