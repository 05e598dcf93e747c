"""Team views: heatmap (alphabetical, zeros kept), first responses, stalled items, load, cross-team, retro."""

from __future__ import annotations

import pandas as pd

from collectors.config import TeamConfig
from dashboard.charts import network, team
from dashboard.charts.common import BEHAVIOURS
from metrics.teams import ContainerOwners
from tests.dashboard.frames import event, events, footprint, ts

PEOPLE = pd.DataFrame({"person": ["zed", "ada", "bo"], "name": ["Zed Z", "Ada A", "bo b"]})


def test_heatmap_alphabetical_with_zero_rows() -> None:
    fp = footprint([("zed", "web", "reviewing", "2026-06", 9), ("ada", "web", "mentoring", "2026-06", 1)])
    frame = team.heatmap_frame(fp, PEOPLE, ["2026-06"])
    assert len(frame) == 3 * len(BEHAVIOURS)
    assert list(dict.fromkeys(frame["name"])) == ["Ada A", "bo b", "Zed Z"]
    assert frame[frame["person"] == "bo"]["evidence"].sum() == 0
    spec = team.heatmap_chart(frame).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Ada A", "bo b", "Zed Z"]


def _thread() -> pd.DataFrame:
    return events(
        [
            event(
                "pr:1", "pull_request", "ada", None, "acme/web#1", "2026-06-01T00:00", attrs={"state": "OPEN"}
            ),
            event("c:0", "comment", "ci[bot]", "ada", "acme/web#1", "2026-06-01T00:01", bot=True),
            event("c:1", "comment", "ada", "ada", "acme/web#1", "2026-06-01T01:00"),
            event("r:1", "review", "bo", "ada", "acme/web#1", "2026-06-03T04:00"),
            event(
                "pr:2", "pull_request", "bo", None, "acme/web#2", "2026-06-02T00:00", attrs={"state": "OPEN"}
            ),
            event(
                "pr:3",
                "pull_request",
                "bo",
                None,
                "acme/web#3",
                "2026-06-02T00:00",
                attrs={"state": "MERGED"},
            ),
            event("r:2", "review", "ada", "bo", "acme/web#4", "2026-06-02T00:00"),
            event("j:1", "jira_issue", "cy", None, "WEB-1", "2026-06-01", container="WEB"),
            event("s:1", "jira_status_change", "cy", None, "WEB-1", "2026-06-02", attrs={"to": "Blocked"}),
            event(
                "s:2", "jira_status_change", "cy", None, "WEB-1", "2026-06-03", attrs={"to": "In Progress"}
            ),
            event("j:2", "jira_issue", "cy", None, "WEB-2", "2026-06-01", container="WEB"),
            event("s:3", "jira_status_change", "cy", None, "WEB-2", "2026-06-04", attrs={"to": "Blocked"}),
        ]
    )


def test_first_response_skips_bots_and_author() -> None:
    responses = team.first_responses(_thread()).set_index("item")
    assert responses.loc["acme/web#1", "responder"] == "bo"
    assert responses.loc["acme/web#1", "waited_hours"] == 52.0
    assert pd.isna(responses.loc["acme/web#2", "responded_at"])
    dist = team.wait_distribution(responses.reset_index()).set_index("wait")["items"]
    assert dist["1-3 days"] == 1
    assert dist.sum() == 1
    assert team.wait_chart(dist.reset_index()).to_dict()["encoding"]["x"]["sort"] == team.WAIT_LABELS


def test_stalled_items_open_unanswered_and_blocked() -> None:
    frame = _thread()
    stalled = team.stalled_items(
        frame, team.first_responses(frame), as_of=ts("2026-06-10"), wait_hours=24, blocked=["Blocked"]
    )
    assert set(stalled["item"]) == {"acme/web#2", "WEB-2"}  # #3 merged, WEB-1 left Blocked
    row = stalled.set_index("item").loc["WEB-2"]
    assert row["why"] == "in Blocked"
    assert row["waiting_days"] == 6.0


def test_review_load_alphabetical_given_and_received() -> None:
    frame = team.review_load_frame(_thread(), PEOPLE)
    given = frame[frame["measure"] == "given"].set_index("person")["reviews"]
    received = frame[frame["measure"] == "received"].set_index("person")["reviews"]
    assert (given["bo"], given["ada"], given["zed"]) == (1, 1, 0)
    assert received["ada"] == 1
    assert list(dict.fromkeys(frame["name"])) == ["Ada A", "bo b", "Zed Z"]
    assert team.review_load_chart(frame).to_dict()["encoding"]["y"]["sort"] == ["Ada A", "bo b", "Zed Z"]


def test_cross_team_uses_target_team_then_repo_owner() -> None:
    frame = events(
        [
            event(
                "r:1", "review", "ada", "dee", "acme/pay#1", "2026-06-01", team="web", target_team="payments"
            ),
            event("c:1", "comment", "ada", None, "acme/pay#2", "2026-06-01", container="acme/pay"),
            event("c:2", "comment", "ada", "bo", "acme/web#2", "2026-06-01"),
            event(
                "c:3",
                "comment",
                "x[bot]",
                "dee",
                "acme/pay#1",
                "2026-06-01",
                bot=True,
                target_team="payments",
            ),
        ]
    )
    links = team.cross_team_frame(frame, ContainerOwners([TeamConfig(name="payments", repos=["Acme/Pay"])]))
    assert links.to_dict("records") == [{"from_team": "web", "to_team": "payments", "interactions": 2}]
    assert team.cross_team_chart(links).to_dict()["layer"][0]["mark"]["type"] == "rect"


def test_retro_follow_through() -> None:
    frame = events(
        [
            event("n:1", "retro_note", "ada", None, "acme/web#9", "2026-06-05"),
            event("i:1", "retro_item", "bo", None, "acme/web#9", "2026-06-05"),
            event("i:2", "retro_item", "cy", None, "acme/web#9", "2026-06-05"),
            event("a:1", "retro_action", "ada", None, "acme/web#9", "2026-06-05", attrs={"done": True}),
            event("a:2", "retro_action", "ada", None, "acme/web#9", "2026-06-05", attrs={"done": False}),
        ]
    )
    retro = team.retro_frame(frame)
    assert retro.to_dict("records") == [
        {"month": "2026-06", "retros": 1, "items": 2, "participants": 2, "actions": 2, "done": 1}
    ]
    values = next(iter(team.retro_chart(retro).to_dict()["datasets"].values()))
    assert {v["status"]: v["actions"] for v in values} == {"done": 1, "open": 1}


def test_review_network_edges_layout_and_cross_team_highlight() -> None:
    frame = events(
        [
            event("r:1", "review", "ada", "bo", "acme/web#1", "2026-06-01"),
            event("r:2", "review", "ada", "bo", "acme/web#2", "2026-06-01"),
            event("r:3", "review", "dee", "ada", "acme/web#3", "2026-06-01", team="payments"),
            event("r:4", "review", "ada", "ada", "acme/web#4", "2026-06-01"),
            event("r:5", "review", "bot[bot]", "ada", "acme/web#4", "2026-06-01", bot=True),
            event("r:6", "review", "ada", "dependabot[bot]", "acme/web#5", "2026-06-01", target_team=None),
            event("r:7", "review", "ada", "github:ghost", "acme/web#6", "2026-06-01", target_team=None),
            event("r:8", "review", "github:ghost", "bo", "acme/web#2", "2026-06-01", team=None),
        ]
    )
    edges = network.review_edges(frame)
    assert edges[["reviewer", "author", "reviews", "cross_team"]].to_dict("records") == [
        {"reviewer": "ada", "author": "bo", "reviews": 2, "cross_team": False},
        {"reviewer": "dee", "author": "ada", "reviews": 1, "cross_team": True},
    ]
    nodes = network.layout(edges, {"ada": "Ada A"})
    assert list(nodes["person"]) == ["ada", "bo", "dee"]
    assert nodes.set_index("person").loc["ada", "name"] == "Ada A"
    assert nodes.set_index("person").loc["ada", ["given", "received"]].tolist() == [2, 1]
    again = network.layout(edges, {"ada": "Ada A"})
    assert nodes[["x", "y"]].equals(again[["x", "y"]])  # seeded: stable between reruns
    spec = network.network_chart(edges, nodes).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "circle", "text"]
    link_scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert link_scale["domain"] == ["within team", "cross-team"]


def test_network_of_no_reviews_is_empty() -> None:
    assert network.review_edges(events([])).empty
    assert network.layout(network.review_edges(events([]))).empty
