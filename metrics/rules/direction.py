"""Technical direction: making technical decisions, setting direction (DESIGN §7)."""

from __future__ import annotations

import pandas as pd

from ..kinds import RESPONSE_KINDS
from ..prepare import RuleContext
from .base import credit, labelled_issues, rule, strip_label, with_text
from .improvement import _pull_requests_touching

DESIGN_LABELS = frozenset({"design", "rfc", "architecture", "adr"})


@rule(
    "direction.design_pr",
    weight=1.0,
    description="A pull request (not abandoned) changing behaviours.design_paths: ADRs, RFCs, design docs.",
    reason="proposed a design in {item}: {paths}",
)
def design_pr(ctx: RuleContext) -> pd.DataFrame:
    ev = _pull_requests_touching(ctx, ctx.config.behaviours.design_paths)
    return credit(ev, item="item", paths="paths")


@rule(
    "direction.design_comment",
    weight=0.5,
    description="A comment or review classed design (design discussion or an alternative approach).",
    reason="design discussion on {item}: {why}",
)
def design_comment(ctx: RuleContext) -> pd.DataFrame:
    ev = with_text(ctx, ctx.of(*RESPONSE_KINDS, columns=["item", "actor_person"]))
    ev = ev[ev["label"] == "design"].assign(why=lambda f: strip_label(f["reason"]))
    return credit(ev, item="item", why="why")


@rule(
    "direction.design_issue",
    weight=1.0,
    description="Opening an issue or Jira issue labelled design, rfc, architecture or adr.",
    reason="opened {item} labelled {label}",
)
def design_issue(ctx: RuleContext) -> pd.DataFrame:
    ev = labelled_issues(ctx, DESIGN_LABELS)
    return credit(ev.assign(label="'" + ev["label"] + "'"), item="item", label="label")
