"""Who reviews whom: edges aggregated in pandas, laid out with networkx, drawn as one Altair layer chart."""

from __future__ import annotations

import altair as alt
import networkx as nx
import pandas as pd

from collectors.events import GHOST
from metrics.measures.base import ACT_COUNT

from .common import MAX_MARKS, NO_TEAM, check_marks

EDGE_COLUMNS = ["reviewer", "author", "reviews", "reviewer_team", "author_team", "cross_team"]


def review_edges(events: pd.DataFrame) -> pd.DataFrame:
    """Reviews given, counted per (reviewer, author) pair; bots (either side) and self-reviews left out.
    ``events`` may carry :data:`~metrics.measures.base.ACT_COUNT` (rows standing for several reviews).

    Columns :data:`EDGE_COLUMNS`; ``cross_team`` is True when both teams are known and differ.
    Heaviest edges first; at most ``MAX_MARKS // 2`` edges are kept so the drawing stays in budget.
    """
    reviews = events[(events["kind"] == "review") & ~events["is_bot"].astype(bool)]
    reviews = reviews[
        reviews["actor_person"].notna()
        & reviews["target_person"].notna()
        & (reviews["actor_person"] != reviews["target_person"])
        & ~reviews["target_person"].astype(str).str.endswith("[bot]")  # a bot's PR: no one to connect
        # a deleted account is nobody to draw
        & ~reviews["actor_person"].isin([GHOST])
        & ~reviews["target_person"].isin([GHOST])
    ]
    if reviews.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    frame = pd.DataFrame(
        {
            "reviewer": reviews["actor_person"].astype(str),
            "author": reviews["target_person"].astype(str),
            "reviewer_team": reviews["actor_team"].astype("object").fillna(NO_TEAM),
            "author_team": reviews["target_team"].astype("object").fillna(NO_TEAM),
            ACT_COUNT: reviews.get(ACT_COUNT, 1),
        }
    )
    edges = frame.groupby(["reviewer", "author", "reviewer_team", "author_team"], as_index=False).agg(
        reviews=(ACT_COUNT, "sum")
    )
    edges["reviews"] = edges["reviews"].astype("int64")
    edges["cross_team"] = (
        (edges["reviewer_team"] != NO_TEAM)
        & (edges["author_team"] != NO_TEAM)
        & (edges["reviewer_team"] != edges["author_team"])
    )
    edges = edges.sort_values(["reviews", "reviewer", "author"], ascending=[False, True, True])
    return edges.head(MAX_MARKS // 2)[EDGE_COLUMNS].reset_index(drop=True)


def layout(edges: pd.DataFrame, names: dict[str, str] | None = None, *, seed: int = 7) -> pd.DataFrame:
    """Node positions from a force-directed layout: columns ``person, name, team, x, y, given, received``."""
    columns = ["person", "name", "team", "x", "y", "given", "received"]
    if edges.empty:
        return pd.DataFrame(columns=columns)
    graph = nx.Graph()
    for row in edges.itertuples(index=False):
        weight = graph.get_edge_data(row.reviewer, row.author, {"weight": 0})["weight"]
        graph.add_edge(row.reviewer, row.author, weight=weight + row.reviews)
    # networkx's default 50 iterations: 100 took 0.3 s of the Team page at 195 people, for a picture
    # that hardly moves in the second 50 (each step's move is cooled down linearly to nothing)
    positions = nx.spring_layout(graph, seed=seed, weight="weight", iterations=50)
    teams = dict(zip(edges["reviewer"], edges["reviewer_team"], strict=True))
    teams.update(dict(zip(edges["author"], edges["author_team"], strict=True)))
    given = edges.groupby("reviewer")["reviews"].sum()
    received = edges.groupby("author")["reviews"].sum()
    nodes = sorted(graph.nodes)
    return pd.DataFrame(
        {
            "person": nodes,
            "name": [(names or {}).get(n, n) for n in nodes],
            "team": [teams[n] for n in nodes],
            "x": [float(positions[n][0]) for n in nodes],
            "y": [float(positions[n][1]) for n in nodes],
            "given": [int(given.get(n, 0)) for n in nodes],
            "received": [int(received.get(n, 0)) for n in nodes],
        },
        columns=columns,
    )


def segments(edges: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """Edges with their end points' coordinates (x, y, x2, y2) for drawing."""
    where = nodes.set_index("person")[["x", "y"]]
    frame = edges.join(where, on="reviewer").join(where.rename(columns={"x": "x2", "y": "y2"}), on="author")
    frame["link"] = frame["cross_team"].map({True: "cross-team", False: "within team"})
    return frame


def network_chart(edges: pd.DataFrame, nodes: pd.DataFrame) -> alt.LayerChart:
    """The review network: grey lines within a team, orange across teams, circles sized by reviews."""
    lines = check_marks(segments(edges, nodes), name="review network edges")
    check_marks(nodes, name="review network nodes")
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    links = (
        alt.Chart(lines)
        .mark_rule(opacity=0.6)
        .encode(
            x=alt.X("x:Q", axis=axis),
            y=alt.Y("y:Q", axis=axis),
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth("reviews:Q", scale=alt.Scale(range=[0.5, 6]), legend=None),
            color=alt.Color(
                "link:N",
                title="Link",
                scale=alt.Scale(domain=["within team", "cross-team"], range=["#9e9e9e", "#ff7f0e"]),
            ),
            tooltip=["reviewer:N", "author:N", "reviews:Q", "link:N"],
        )
    )
    base = alt.Chart(nodes).encode(x="x:Q", y="y:Q")
    circles = base.mark_circle(opacity=0.9, stroke="white").encode(
        size=alt.Size("given:Q", title="Reviews given", scale=alt.Scale(range=[60, 600])),
        fill=alt.Fill("team:N", title="Team"),
        tooltip=["name:N", "team:N", "given:Q", "received:Q"],
    )
    labels = base.mark_text(dy=-14, fontSize=11).encode(text="name:N")
    return alt.layer(links, circles, labels, title="Review network (who reviews whom)").resolve_scale(
        color="independent"
    )
