"""A problem that keeps coming back and that no retrospective has looked at.

Issues (GitHub issues, not pull requests, and Jira issues) are pooled per team, by the team owning
their repository or project, and grouped by label (without case; the labels in
``behaviours.generic_labels`` say what kind of issue it is, not which problem, and are ignored).
A retrospective references an issue when a retro note, a point raised in it or one of its actions
mentions the issue as ``#N`` (the retro's own repository, as GitHub reads it), ``owner/repo#N``, by
its URL or by its Jira key.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from collectors.config import BehavioursConfig, Config

from ..identities import Identities
from ..rules.base import lower_set
from .base import REGISTRY, OpportunityContext, display_names, listed, members_of, opportunity, with_members
from .build import finished, selected_rows
from .state import teams_of

RETRO_KINDS = ("retro_note", "retro_item", "retro_action")
_URL = r"https?://[^\s/]+/(?P<repo>[\w.-]+/[\w.-]+)/(?:issues|pull)/(?P<number>\d+)"
_QUALIFIED = r"(?P<repo>[\w.-]+/[\w.-]+)#(?P<number>\d+)"
_BARE = r"(?:^|[^\w/#&])#(?P<number>\d+)\b"
_JIRA_KEY = r"\b(?P<key>[A-Za-z][A-Za-z0-9_]*-\d+)\b"
_MAY_MENTION = re.compile(r"#\d|-\d|/(?:issues|pull)/\d")
_REPO_PATTERNS = (re.compile(_URL), re.compile(_QUALIFIED))
_BARE_RE, _JIRA_KEY_RE = re.compile(_BARE), re.compile(_JIRA_KEY)


def retro_texts(titles: pd.Series, texts: pd.Series) -> pd.Series:
    """What a retro says, as :func:`mentions` reads it: its title (a retro note's ``title``, else its
    ``summary``; None for the others), a newline, its text."""
    # astype(object) first: an all-None column arrives as float64, where fillna("") is deprecated.
    said = titles.astype(object).fillna("").astype(str) + "\n" + texts.astype(object).fillna("").astype(str)
    return said.astype(object)


def mentions(containers: pd.Series, said: pd.Series) -> pd.Series:
    """The items each retro mentions (lower-cased ``owner/repo#N`` or Jira keys), one row per mention,
    indexed by the retro's index: ``containers`` (the retro's repository, for a bare ``#N``) and
    ``said`` (:func:`retro_texts`) share that index. A pure function of each retro's own fields."""
    index: list[object] = []
    refs: list[str] = []
    for at, text, container in zip(said.index, said, containers.reindex(said.index), strict=True):
        if not isinstance(text, str) or not _MAY_MENTION.search(text):
            continue
        found = [f"{m['repo']}#{m['number']}" for pattern in _REPO_PATTERNS for m in pattern.finditer(text)]
        on = str(container)
        if "/" in on:
            found += [f"{on}#{m['number']}" for m in _BARE_RE.finditer(text)]
        found += [m["key"] for m in _JIRA_KEY_RE.finditer(text)]
        index += [at] * len(found)
        refs += [ref.lower() for ref in found]
    return pd.Series(refs, index=pd.Index(index, dtype=said.index.dtype), dtype=object)


def retro_references(octx: OpportunityContext) -> set[str]:
    """The items (lower-cased ``owner/repo#N`` or Jira keys) that retros before the window end
    mention."""
    ctx = octx.rules
    retros = octx.acts(*RETRO_KINDS, columns=["container", "text"])
    titles = ctx.attrs("retro_note", ["title", "summary"])
    title = titles["title"].fillna(titles["summary"]).reindex(retros.index)
    said = retro_texts(title, retros["text"])
    return set(mentions(retros["container"], said))


#: :func:`issue_labels` columns.
ISSUE_LABEL_COLUMNS = ("event_id", "item", "team", "label", "position", "created_at", "url")


def issue_labels(octx: OpportunityContext) -> pd.DataFrame:
    """Every label of every issue and Jira issue opened before the window's end: one row per label
    (stripped, blank ones left out; ``position``: its place among the issue's labels) with the team owning
    the issue's repository or project (None where no team does), issues then Jira issues, each in time
    order. Each row is read from its opening alone, whatever the window: the compute stores them
    (``issue_labels``, :mod:`metrics.stored.issue_labels`)."""
    ctx = octx.rules
    parts = []
    for kind in ("issue", "jira_issue"):
        issues = octx.acts(kind, columns=["event_id", "item", "container", "url", "created_at"])
        labels = ctx.attrs(kind, ["labels"])["labels"].reindex(issues.index)
        found = issues.assign(label=labels).explode("label")
        parts.append(found.assign(position=found.groupby(level=0).cumcount()))
    issues = pd.concat(parts)
    issues = issues[issues["label"].notna().to_numpy(dtype=bool)]
    issues = issues.assign(label=issues["label"].astype(str).str.strip())
    issues = issues[(issues["label"] != "").to_numpy(dtype=bool)]
    issues = issues.assign(team=teams_of(octx, issues["container"]))
    return issues[list(ISSUE_LABEL_COLUMNS)].reset_index(drop=True)


def recurring_rows(
    labels: pd.DataFrame, referenced: Collection[str], behaviours: BehavioursConfig
) -> pd.DataFrame:
    """One row per team and label with at least ``behaviours.recurring_problem_issues`` issues among
    ``labels`` (:func:`issue_labels` of the issues created in the window, in its order) that none of
    ``referenced`` (lower-cased items the retros before the window's end mention) is: ``team, label,
    item, url, since, count, first, issues`` (``since`` and ``url``: the issue that made the count)."""
    generic = lower_set(behaviours.generic_labels)
    issues = labels.assign(key=labels["label"].astype(str).str.lower())
    issues = issues[(issues["team"].notna() & ~issues["key"].isin(generic)).to_numpy(dtype=bool)]
    issues = issues[~issues["item"].astype(str).str.lower().isin(set(referenced)).to_numpy(dtype=bool)]
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


def recurring_issues(octx: OpportunityContext) -> pd.DataFrame:
    """:func:`recurring_rows` of the issues created in the window and the retros before its end."""
    labels = issue_labels(octx)
    labels = labels[octx.in_window(labels["created_at"]).to_numpy(dtype=bool)]
    return recurring_rows(labels, retro_references(octx), octx.config.behaviours)


def problem_rows(members: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """What ``recurring_problem`` selects: each of ``problems`` (:func:`recurring_rows`) for every one of
    ``members`` (:func:`~.base.members_of`) of its team."""
    rows = with_members(members, problems)
    return rows[["person", "item", "url", "since", "count", "label", "first", "issues"]]


def recurring_opportunities(
    labels: pd.DataFrame, referenced: Collection[str], config: Config, identities: Identities | None = None
) -> pd.DataFrame:
    """The ``recurring_problem`` opportunities of ``labels`` and ``referenced`` (as
    :func:`recurring_rows` takes them: stored issue labels of a window, and the items the retros before
    its end mention): what :func:`~.build.build_opportunities` of that kind gives over the events."""
    identities = identities or Identities(config)
    kind = next(declared for declared in REGISTRY if declared.id == "recurring_problem")
    problems = recurring_rows(labels, referenced, config.behaviours)
    selected = problem_rows(members_of(config, identities), problems)
    kind.check_result(selected)
    return finished(
        [selected_rows(kind, selected, lambda named: display_names(identities, named))], identities
    )


@opportunity(
    "recurring_problem",
    behaviours=("improvement",),
    description="At least behaviours.recurring_problem_issues issues created in the window in one team's "
    "repositories or projects, sharing a label (not one of behaviours.generic_labels), that no retrospective "
    "references; for each person of that team: initiate a retrospective.",
    reason="{count} issues labelled '{label}' since {first} that no retrospective mentions: {issues}",
)
def recurring_problem(octx: OpportunityContext) -> pd.DataFrame:
    return problem_rows(octx.members, recurring_issues(octx))
