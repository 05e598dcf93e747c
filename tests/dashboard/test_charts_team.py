"""Team views: heatmap (alphabetical, zeros kept), first responses, stalled items, load, cross-team, retro."""

from __future__ import annotations

import pandas as pd

from collectors.config import TeamConfig
from dashboard.charts import network, team
from dashboard.charts.common import BEHAVIOURS, alphabetical
from metrics.measures import WAIT_LABELS, cross_team_flows, review_load, wait_distribution
from metrics.teams import ContainerOwners
from tests.dashboard.frames import event, events, footprint

PEOPLE = pd.DataFrame({"person": ["zed", "ada", "bo"], "name": ["Zed Z", "Ada A", "bo b"]})


def test_heatmap_alphabetical_with_zero_rows() -> None:
    fp = footprint([("zed", "web", "reviewing", "2026-06", 9), ("ada", "web", "mentoring", "2026-06", 1)])
    frame = team.heatmap_frame(fp, PEOPLE, ["2026-06"])
    assert len(frame) == 3 * len(BEHAVIOURS)
    assert list(dict.fromkeys(frame["name"])) == ["Ada A", "bo b", "Zed Z"]
    assert frame[frame["person"] == "bo"]["evidence"].sum() == 0
    spec = team.heatmap_chart(frame).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Ada A", "bo b", "Zed Z"]


def _reviews() -> pd.DataFrame:
    return events(
        [
            event("r:1", "review", "bo", "ada", "acme/web#1", "2026-06-03T04:00"),
            event("r:2", "review", "ada", "bo", "acme/web#4", "2026-06-02T00:00"),
            event("r:3", "review", "ada", "ada", "acme/web#5", "2026-06-02T00:00"),  # own: neither
            event("r:4", "review", "ci[bot]", "ada", "acme/web#1", "2026-06-02T00:00", bot=True),
            event("c:1", "comment", "bo", "ada", "acme/web#1", "2026-06-03T05:00"),  # not a review
        ]
    )


def test_review_load_alphabetical_given_and_received() -> None:
    frame = review_load(_reviews(), alphabetical(PEOPLE))
    given = frame[frame["measure"] == "given"].set_index("person")["reviews"]
    received = frame[frame["measure"] == "received"].set_index("person")["reviews"]
    assert (given["bo"], given["ada"], given["zed"]) == (1, 1, 0)
    assert (received["ada"], received["bo"]) == (1, 1)
    assert list(dict.fromkeys(frame["name"])) == ["Ada A", "bo b", "Zed Z"]
    assert team.review_load_chart(frame).to_dict()["encoding"]["y"]["sort"] == ["Ada A", "bo b", "Zed Z"]


def test_wait_chart_buckets_in_order() -> None:
    waits = wait_distribution(pd.DataFrame({"waited_hours": [0.5, 3, 30, 52, 100, float("nan")]}))
    assert waits.set_index("wait")["items"].to_dict() == {
        "< 1 h": 1, "1-4 h": 1, "4-24 h": 0, "1-3 days": 2, "> 3 days": 1,
    }  # fmt: skip
    assert team.wait_chart(waits).to_dict()["encoding"]["x"]["sort"] == list(WAIT_LABELS)


def test_cross_team_uses_the_repo_owner_then_the_target_team() -> None:
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
    links = cross_team_flows(frame, ContainerOwners([TeamConfig(name="payments", repos=["Acme/Pay"])]))
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
