"""A problem that keeps coming back and that no retrospective has looked at.

Issues (GitHub issues, not pull requests, and Jira issues) are pooled per team, by the team owning
their repository or project, and grouped by label (without case; the labels in
``behaviours.generic_labels`` say what kind of issue it is, not which problem, and are ignored).
A retrospective references an issue when a retro note, a point raised in it or one of its actions
mentions the issue as ``#N`` (the retro's own repository, as GitHub reads it), ``owner/repo#N``, by
its URL or by its Jira key.
"""

from __future__ import annotations

import pandas as pd

from ..rules.base import lower_set
from .base import OpportunityContext, for_members, listed, opportunity
from .state import teams_of

RETRO_KINDS = ("retro_note", "retro_item", "retro_action")
_URL = r"https?://[^\s/]+/(?P<repo>[\w.-]+/[\w.-]+)/(?:issues|pull)/(?P<number>\d+)"
_QUALIFIED = r"(?P<repo>[\w.-]+/[\w.-]+)#(?P<number>\d+)"
_BARE = r"(?:^|[^\w/#&])#(?P<number>\d+)\b"
_JIRA_KEY = r"\b(?P<key>[A-Za-z][A-Za-z0-9_]*-\d+)\b"


def _found(texts: pd.Series, pattern: str) -> pd.DataFrame:
    """Every match of ``pattern`` in ``texts``: its named groups, indexed by the text's index."""
    matches = texts.str.extractall(pattern)
    return matches.droplevel("match") if len(matches) else matches


def retro_references(octx: OpportunityContext) -> set[str]:
    """The items (lower-cased ``owner/repo#N`` or Jira keys) that retros before the window end
    mention."""
    ctx = octx.rules
    retros = octx.acts(*RETRO_KINDS, columns=["container", "text"])
    titles = ctx.attrs("retro_note", ["title", "summary"])
    title = titles["title"].fillna(titles["summary"]).reindex(retros.index)
    texts = (title.fillna("").astype(str) + "\n" + retros["text"].fillna("").astype(str)).astype(object)
    texts = texts[texts.str.contains(r"#\d|-\d|/(?:issues|pull)/\d", regex=True)]
    if texts.empty:
        return set()
    refs: set[str] = set()
    for pattern in (_URL, _QUALIFIED):
        found = _found(texts, pattern)
        refs |= set((found["repo"] + "#" + found["number"]).str.lower()) if len(found) else set()
    bare = _found(texts, _BARE)
    if len(bare):
        containers = retros["container"].reindex(bare.index).astype(str)
        on_github = containers.str.contains("/", regex=False)
        refs |= set((containers + "#" + bare["number"])[on_github].str.lower())
    keys = _found(texts, _JIRA_KEY)
    refs |= set(keys["key"].str.lower()) if len(keys) else set()
    return refs


def recurring_issues(octx: OpportunityContext) -> pd.DataFrame:
    """One row per team and label with at least ``behaviours.recurring_problem_issues`` issues created
    in the window that no retrospective before its end references: ``team, label, item, url, since,
    count, first, issues`` (``since`` and ``url``: the issue that made the count)."""
    ctx = octx.rules
    behaviours = octx.config.behaviours
    generic = lower_set(behaviours.generic_labels)
    parts = []
    for kind in ("issue", "jira_issue"):
        issues = octx.acts(kind, columns=["item", "container", "url", "created_at"])
        issues = issues[octx.in_window(issues["created_at"]).to_numpy(dtype=bool)]
        labels = ctx.attrs(kind, ["labels"])["labels"].reindex(issues.index)
        parts.append(issues.assign(label=labels).explode("label"))
    issues = pd.concat(parts)
    issues = issues[issues["label"].notna().to_numpy(dtype=bool)]
    issues = issues.assign(label=issues["label"].astype(str).str.strip())
    issues = issues.assign(key=issues["label"].str.lower(), team=teams_of(octx, issues["container"]))
    issues = issues[
        (issues["team"].notna() & (issues["key"] != "") & ~issues["key"].isin(generic)).to_numpy(dtype=bool)
    ]
    issues = issues[~issues["item"].str.lower().isin(retro_references(octx)).to_numpy(dtype=bool)]
    issues = issues.sort_values(["created_at", "item"], kind="stable").drop_duplicates(
        ["team", "key", "item"]
    )
    rows = []
    for (team, key), group in issues.groupby(["team", "key"], sort=True):
        if len(group) < behaviours.recurring_problem_issues:
            continue
        making = group.iloc[behaviours.recurring_problem_issues - 1]
        rows.append(
            {
                "team": team,
                "label": group["label"].iloc[0],
                "item": f"label:{key}",
                "url": making["url"],
                "since": making["created_at"],
                "count": len(group),
                "first": group["created_at"].iloc[0].strftime("%Y-%m-%d"),
                "issues": listed(group["item"]),
            }
        )
    columns = ["team", "label", "item", "url", "since", "count", "first", "issues"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["since"] = pd.to_datetime(frame["since"], utc=True)
    return frame


@opportunity(
    "recurring_problem",
    behaviours=("improvement",),
    description="At least behaviours.recurring_problem_issues issues created in the window in one team's "
    "repositories or projects, sharing a label (not one of behaviours.generic_labels), that no retrospective "
    "references; for each person of that team: initiate a retrospective.",
    reason="{count} issues labelled '{label}' since {first} that no retrospective mentions: {issues}",
)
def recurring_problem(octx: OpportunityContext) -> pd.DataFrame:
    rows = for_members(octx, recurring_issues(octx))
    return rows[["person", "item", "url", "since", "count", "label", "first", "issues"]]
