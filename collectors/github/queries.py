"""The GraphQL documents the collector sends, with GitHub's real field names.

Pull requests and issues are fetched page by page, newest update first, with their reviews, review
threads (and their comments), conversation comments, labels and changed files nested, so one request
covers many items. A nested connection that overflows is completed by a batched follow-up query
(:func:`follow_up_query`) that asks for the next pages of many connections at once through ``node(id:)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAGE_INFO = "pageInfo { hasNextPage endCursor }"
RATE_LIMIT = "rateLimit { cost remaining resetAt }"

FRAGMENTS: dict[str, str] = {
    "ActorFields": "fragment ActorFields on Actor { __typename login }",
    "CommentFields": (
        "fragment CommentFields on IssueComment { id databaseId author { ...ActorFields } body createdAt "
        "url }"
    ),
    "ReviewFields": (
        "fragment ReviewFields on PullRequestReview { id databaseId author { ...ActorFields } state body "
        "submittedAt createdAt url }"
    ),
    "ReviewCommentFields": (
        "fragment ReviewCommentFields on PullRequestReviewComment { id databaseId author { ...ActorFields } "
        "body createdAt url path replyTo { databaseId } pullRequestReview { databaseId } }"
    ),
    "ThreadFields": (
        "fragment ThreadFields on PullRequestReviewThread { id isResolved path "
        f"comments(first: $threadComments) {{ {PAGE_INFO} nodes {{ ...ReviewCommentFields }} }} }}"
    ),
    "PullRequestFields": (
        "fragment PullRequestFields on PullRequest { id databaseId number title body url createdAt "
        "updatedAt closedAt mergedAt state isDraft additions deletions "
        "author { ...ActorFields } mergedBy { ...ActorFields } "
        f"labels(first: $labels) {{ {PAGE_INFO} nodes {{ name }} }} "
        f"files(first: $files) {{ {PAGE_INFO} nodes {{ path }} }} "
        f"reviews(first: $reviews) {{ {PAGE_INFO} nodes {{ ...ReviewFields }} }} "
        f"reviewThreads(first: $threads) {{ {PAGE_INFO} nodes {{ ...ThreadFields }} }} "
        f"comments(first: $comments) {{ {PAGE_INFO} nodes {{ ...CommentFields }} }} }}"
    ),
    "IssueFields": (
        "fragment IssueFields on Issue { id databaseId number title body url createdAt updatedAt closedAt "
        "state author { ...ActorFields } "
        f"labels(first: $labels) {{ {PAGE_INFO} nodes {{ name }} }} "
        f"comments(first: $comments) {{ {PAGE_INFO} nodes {{ ...CommentFields }} }} }}"
    ),
}

_SPREAD = re.compile(r"\.\.\.([A-Z]\w*)")


def with_fragments(body: str) -> str:
    """``body`` followed by exactly the fragments it uses, transitively (GraphQL rejects unused ones)."""
    needed: list[str] = []
    pending = _SPREAD.findall(body)
    while pending:
        name = pending.pop()
        if name not in needed:
            needed.append(name)
            pending += _SPREAD.findall(FRAGMENTS[name])
    return "\n".join([body, *(FRAGMENTS[name] for name in sorted(needed))])


@dataclass(frozen=True)
class NestedSizes:
    """``first`` of each nested connection in a page query."""

    labels: int = 20
    files: int = 50
    reviews: int = 20
    threads: int = 20
    thread_comments: int = 10
    comments: int = 30

    def variables(self) -> dict[str, int]:
        return {
            "labels": self.labels,
            "files": self.files,
            "reviews": self.reviews,
            "threads": self.threads,
            "threadComments": self.thread_comments,
            "comments": self.comments,
        }

    def halved(self) -> NestedSizes:
        return NestedSizes(*(max(1, value // 2) for value in self.variables().values()))

    def minimal(self) -> bool:
        return all(value == 1 for value in self.variables().values())


PULL_REQUESTS = with_fragments(
    "query PullRequests($owner: String!, $name: String!, $first: Int!, $after: String, $labels: Int!, "
    "$files: Int!, $reviews: Int!, $threads: Int!, $threadComments: Int!, $comments: Int!) { "
    f"{RATE_LIMIT} repository(owner: $owner, name: $name) {{ "
    "pullRequests(first: $first, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}) { "
    f"totalCount {PAGE_INFO} nodes {{ ...PullRequestFields }} }} }} }}"
)
PULL_REQUEST_VARIABLES = ("labels", "files", "reviews", "threads", "threadComments", "comments")

ISSUES = with_fragments(
    "query Issues($owner: String!, $name: String!, $first: Int!, $after: String, $since: DateTime, "
    "$labels: Int!, $comments: Int!) { "
    f"{RATE_LIMIT} repository(owner: $owner, name: $name) {{ "
    "issues(first: $first, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}, "
    f"filterBy: {{since: $since}}) {{ totalCount {PAGE_INFO} nodes {{ ...IssueFields }} }} }} }}"
)
ISSUE_VARIABLES = ("labels", "comments")

#: (GraphQL type, connection field) -> the selection of one follow-up page's nodes.
FOLLOW_UP_NODES: dict[tuple[str, str], str] = {
    ("PullRequest", "labels"): "nodes { name }",
    ("PullRequest", "files"): "nodes { path }",
    ("PullRequest", "reviews"): "nodes { ...ReviewFields }",
    ("PullRequest", "reviewThreads"): "nodes { ...ThreadFields }",
    ("PullRequest", "comments"): "nodes { ...CommentFields }",
    ("Issue", "labels"): "nodes { name }",
    ("Issue", "comments"): "nodes { ...CommentFields }",
    ("PullRequestReviewThread", "comments"): "nodes { ...ReviewCommentFields }",
}


def follow_up_query(requests: list[tuple[str, str]], first: int) -> str:
    """A query with one aliased ``node(id: $idN)`` per ``(type, field)``, each asking the next page
    (``after: $afterN``) of that connection; the thread comment size is ``$threadComments``."""
    declarations = ["$threadComments: Int!"] if any(f == "reviewThreads" for _, f in requests) else []
    parts = []
    for index, (typename, field) in enumerate(requests):
        declarations += [f"$id{index}: ID!", f"$after{index}: String"]
        nodes = FOLLOW_UP_NODES[(typename, field)]
        parts.append(
            f"f{index}: node(id: $id{index}) {{ ... on {typename} {{ "
            f"page: {field}(first: {first}, after: $after{index}) {{ {PAGE_INFO} {nodes} }} }} }}"
        )
    return with_fragments(f"query FollowUp({', '.join(declarations)}) {{ {RATE_LIMIT} {' '.join(parts)} }}")
