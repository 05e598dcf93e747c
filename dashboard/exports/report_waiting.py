"""What the report's "Waiting work" part lists (``templates/report/waiting.html.j2``).

Items, never people: a pull request waiting for a first review, a question waiting for an answer,
blocked work nobody talks about, and recurring problems no retrospective has looked at, each once per
team (the opportunity rows repeat it for every member), longest waiting first. Nothing is counted or
ordered by person.
"""

from __future__ import annotations

import pandas as pd

#: The kinds that describe a team's waiting work, and how the report names them.
WAITING_KINDS: dict[str, str] = {
    "waiting_review": "waiting for a first review",
    "unanswered_question": "question waiting for an answer",
    "stuck_blocked": "blocked, nobody talking",
    "recurring_problem": "recurring problem, no retrospective",
}
NO_TEAM = "(no team)"


def waiting_work(opportunities: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """``(team, rows)`` per team (by name), rows ``kind, item, url, reason, since``: each waiting item
    once per team, longest waiting first."""
    rows = opportunities[opportunities["kind"].isin(list(WAITING_KINDS))]
    rows = rows.assign(team=rows["team"].where(rows["team"].notna(), NO_TEAM).astype(str))
    rows = rows.drop_duplicates(["team", "kind", "item", "url"])
    rows = rows.assign(_team=rows["team"].str.casefold())
    rows = rows.sort_values(["_team", "since", "kind", "item"], kind="stable")
    columns = ["kind", "item", "url", "reason", "since"]
    teams = rows.groupby("team", sort=False)
    return [(str(team), found[columns].reset_index(drop=True)) for team, found in teams]
