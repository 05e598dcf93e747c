"""Pull requests: the stream spec (query, nested connections, normaliser) for :class:`Stream`."""

from __future__ import annotations

from ..normalise.github import pull_request_events
from .queries import PULL_REQUEST_VARIABLES, pull_requests_query
from .stream import StreamSpec

PULLS = StreamSpec(
    name="pulls",
    connection="pullRequests",
    typename="PullRequest",
    query=pull_requests_query,
    nested_variables=PULL_REQUEST_VARIABLES,
    # GitHub's pullRequests connection has no since filter: the stream stops at its floor instead.
    server_side_since=False,
    to_events=pull_request_events,
)
