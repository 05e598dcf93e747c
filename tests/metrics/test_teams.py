"""Who owns a repository or Jira project: one reading for the rules, the Team page and the report."""

from __future__ import annotations

import pandas as pd

from metrics.measures import cross_team_flows
from metrics.teams import ContainerOwners
from tests.dashboard.frames import event, events
from tests.metrics.builders import PLAIN, World, config, rows, run

#: acme/shared is listed by both teams, in another case by the second: the first team listed owns it.
TEAMS = [
    {"name": "payments", "repos": ["Acme/Shared", "acme/payments"], "jira_projects": ["PAY"]},
    {"name": "web", "repos": ["acme/web", "acme/shared"], "jira_projects": ["WEB", "pay"]},
]


def test_names_compare_without_case_and_the_first_team_listed_wins() -> None:
    owners = ContainerOwners(config(teams=TEAMS).teams)
    assert owners.team_of("acme/shared") == "payments"
    assert owners.team_of("ACME/WEB") == "web"
    assert owners.team_of("pay") == owners.team_of("PAY") == "payments"
    assert owners.team_of("acme/tools") is None and owners.team_of(None) is None
    found = owners.teams_of(pd.Series(["acme/Shared", "WEB", "acme/tools"], index=[7, 8, 9]))
    assert found.to_dict() == {7: "payments", 8: "web", 9: None}


def test_the_rules_and_the_team_page_read_ownership_alike() -> None:
    w = World()
    shared = w.pr("bob", 1, repo="acme/shared")  # payments' repo (listed first by payments)
    w.comment(shared, "cy", 1, PLAIN)  # a web person comments: cross-team by the repository's owner
    metrics = run(w, teams=TEAMS)
    assert rows(metrics, "cross_team.comment") == [
        ("cy", "commented on acme/shared#1, owned by team payments")
    ]
    frame = events(
        [event("c:1", "comment", "cy", None, "acme/shared#1", "2026-06-01", team="web", target_team=None,
               container="acme/shared")]
    )  # fmt: skip
    links = cross_team_flows(frame, ContainerOwners(config(teams=TEAMS).teams))
    assert links.to_dict("records") == [{"from_team": "web", "to_team": "payments", "interactions": 1}]
