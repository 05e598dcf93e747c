"""The GraphQL documents the collector sends, with GitHub's real field names.

Pull requests and issues are fetched page by page, newest update first, with their reviews, review
threads (and their comments), conversation comments, labels and changed files nested, so one request
covers many items. A nested connection that overflows is completed by a batched follow-up query
(:func:`follow_up_query`) that asks for the next pages of many connections at once through ``node(id:)``.

Ids: ``databaseId`` is a 32-bit ``Int`` and fails for objects created since 2024 (HTTP 200, the field
null, one error each), so every id is read from ``fullDatabaseId`` (``BigInt``, a JSON string). On a
GitHub Enterprise Server whose schema lacks ``fullDatabaseId`` on a type, :class:`IdFields` reads that
type's ``databaseId`` under the same name instead (such an instance's ids are its own, far below 2^31).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

PAGE_INFO = "pageInfo { hasNextPage endCursor }"
RATE_LIMIT = "rateLimit { cost remaining resetAt }"
#: Types whose ids the collector reads; all have ``fullDatabaseId`` on github.com.
ID_TYPES = ("Issue", "IssueComment", "PullRequest", "PullRequestReview", "PullRequestReviewComment")


@dataclass(frozen=True)
class IdFields:
    """How each type's REST id is selected; ``legacy``: types of this server without ``fullDatabaseId``."""

    legacy: frozenset[str] = frozenset()

    def of(self, typename: str) -> str:
        return "fullDatabaseId: databaseId" if typename in self.legacy else "fullDatabaseId"


def _fragments(ids: IdFields) -> dict[str, str]:
    review_comment, review = ids.of("PullRequestReviewComment"), ids.of("PullRequestReview")
    return {
        "ActorFields": "fragment ActorFields on Actor { __typename login }",
        "CommentFields": (
            f"fragment CommentFields on IssueComment {{ id {ids.of('IssueComment')} "
            "author { ...ActorFields } body createdAt url }"
        ),
        "ReviewFields": (
            f"fragment ReviewFields on PullRequestReview {{ id {review} author {{ ...ActorFields }} "
            "state body submittedAt createdAt url }"
        ),
        "ReviewCommentFields": (
            f"fragment ReviewCommentFields on PullRequestReviewComment {{ id {review_comment} "
            "author { ...ActorFields } body createdAt url path "
            f"replyTo {{ {review_comment} }} pullRequestReview {{ {review} }} }}"
        ),
        "ThreadFields": (
            "fragment ThreadFields on PullRequestReviewThread { id isResolved path "
            f"comments(first: $threadComments) {{ {PAGE_INFO} nodes {{ ...ReviewCommentFields }} }} }}"
        ),
        "PullRequestFields": (
            f"fragment PullRequestFields on PullRequest {{ id {ids.of('PullRequest')} number title body "
            "url createdAt updatedAt closedAt mergedAt state isDraft additions deletions "
            "author { ...ActorFields } mergedBy { ...ActorFields } "
            f"labels(first: $labels) {{ {PAGE_INFO} nodes {{ name }} }} "
            f"files(first: $files) {{ {PAGE_INFO} nodes {{ path }} }} "
            f"reviews(first: $reviews) {{ {PAGE_INFO} nodes {{ ...ReviewFields }} }} "
            f"reviewThreads(first: $threads) {{ {PAGE_INFO} nodes {{ ...ThreadFields }} }} "
            f"comments(first: $comments) {{ {PAGE_INFO} nodes {{ ...CommentFields }} }} }}"
        ),
        "IssueFields": (
            f"fragment IssueFields on Issue {{ id {ids.of('Issue')} number title body url createdAt "
            "updatedAt closedAt state author { ...ActorFields } "
            f"labels(first: $labels) {{ {PAGE_INFO} nodes {{ name }} }} "
            f"comments(first: $comments) {{ {PAGE_INFO} nodes {{ ...CommentFields }} }} }}"
        ),
        "Newest": (
            "fragment Newest on Repository { nameWithOwner "
            "pullRequests(first: 1, orderBy: {field: UPDATED_AT, direction: DESC}) "
            "{ totalCount nodes { updatedAt } } "
            "issues(first: 1, orderBy: {field: UPDATED_AT, direction: DESC}, filterBy: {since: $since}) "
            "{ totalCount nodes { updatedAt } } }"
        ),
    }


_SPREAD = re.compile(r"\.\.\.([A-Z]\w*)")


def with_fragments(body: str, ids: IdFields = IdFields()) -> str:
    """``body`` followed by exactly the fragments it uses, transitively (GraphQL rejects unused ones)."""
    fragments = _fragments(ids)
    needed: list[str] = []
    pending = _SPREAD.findall(body)
    while pending:
        name = pending.pop()
        if name not in needed:
            needed.append(name)
            pending += _SPREAD.findall(fragments[name])
    return "\n".join([body, *(fragments[name] for name in sorted(needed))])


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

    def scaled(self, fraction: float) -> NestedSizes:
        """Every size times ``fraction`` (at least 1)."""
        return NestedSizes(*(max(1, int(value * fraction)) for value in self.variables().values()))


@functools.cache
def pull_requests_query(ids: IdFields) -> str:
    return with_fragments(
        "query PullRequests($owner: String!, $name: String!, $first: Int!, $after: String, $labels: Int!, "
        "$files: Int!, $reviews: Int!, $threads: Int!, $threadComments: Int!, $comments: Int!) { "
        f"{RATE_LIMIT} repository(owner: $owner, name: $name) {{ "
        "pullRequests(first: $first, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}) { "
        f"totalCount {PAGE_INFO} nodes {{ ...PullRequestFields }} }} }} }}",
        ids,
    )


PULL_REQUEST_VARIABLES = ("labels", "files", "reviews", "threads", "threadComments", "comments")


@functools.cache
def issues_query(ids: IdFields) -> str:
    return with_fragments(
        "query Issues($owner: String!, $name: String!, $first: Int!, $after: String, $since: DateTime, "
        "$labels: Int!, $comments: Int!) { "
        f"{RATE_LIMIT} repository(owner: $owner, name: $name) {{ "
        "issues(first: $first, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}, "
        f"filterBy: {{since: $since}}) {{ totalCount {PAGE_INFO} nodes {{ ...IssueFields }} }} }} }}",
        ids,
    )


ISSUE_VARIABLES = ("labels", "comments")


@functools.cache
def items_query(ids: IdFields) -> str:
    """Pull requests (``$pulls``) and issues (``$issues``) by node id, at most 100 of each, each with its
    repository and exactly the fields and nested lists of a repository page, so they make the same
    events. Two aliased ``nodes`` lists, because one selection may not hold both fragments: their
    ``state`` fields have different types."""
    return with_fragments(
        "query Items($pulls: [ID!]!, $issues: [ID!]!, $labels: Int!, $files: Int!, $reviews: Int!, "
        f"$threads: Int!, $threadComments: Int!, $comments: Int!) {{ {RATE_LIMIT} "
        "pulls: nodes(ids: $pulls) { ... on PullRequest { __typename repository { nameWithOwner } "
        "...PullRequestFields } } "
        "issues: nodes(ids: $issues) { ... on Issue { __typename repository { nameWithOwner } "
        "...IssueFields } } }",
        ids,
    )


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


def follow_up_query(requests: list[tuple[str, str]], first: int, ids: IdFields = IdFields()) -> str:
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
    body = f"query FollowUp({', '.join(declarations)}) {{ {RATE_LIMIT} {' '.join(parts)} }}"
    return with_fragments(body, ids)


#: Asked once per sync, in its first query: which of :data:`ID_TYPES` have ``fullDatabaseId`` here.
SCHEMA_PROBE = " ".join(
    f'schema{index}: __type(name: "{typename}") {{ name fields {{ name }} }}'
    for index, typename in enumerate(ID_TYPES)
)


#: The schema question alone, for a sync that surveys no repository (``involves`` only).
PROBE_QUERY = f"query Probe {{ {RATE_LIMIT} {SCHEMA_PROBE} }}"


def id_fields(data: dict[str, object]) -> IdFields:
    """:class:`IdFields` from the answer to :data:`SCHEMA_PROBE`."""
    legacy = set()
    for index, typename in enumerate(ID_TYPES):
        described = data.get(f"schema{index}")
        fields = described.get("fields") if isinstance(described, dict) else None
        names = {f.get("name") for f in fields or [] if isinstance(f, dict)}
        if "fullDatabaseId" not in names:
            legacy.add(typename)
    return IdFields(frozenset(legacy))


def repositories_query(count: int, *, schema: bool) -> str:
    """``r0`` ... ``r{count-1}``: ``repository(owner: $oN, name: $nN) { ...Newest }``."""
    declarations = ["$since: DateTime"]
    parts = []
    for index in range(count):
        declarations += [f"$o{index}: String!", f"$n{index}: String!"]
        parts.append(f"r{index}: repository(owner: $o{index}, name: $n{index}) {{ ...Newest }}")
    probe = f" {SCHEMA_PROBE}" if schema else ""
    return with_fragments(
        f"query Repositories({', '.join(declarations)}) {{ {RATE_LIMIT}{probe} {' '.join(parts)} }}"
    )


def organization_query(*, schema: bool) -> str:
    """One page of an organisation's repositories, each with its newest pull request and issue."""
    probe = f" {SCHEMA_PROBE}" if schema else ""
    return with_fragments(
        "query Organization($login: String!, $first: Int!, $after: String, $since: DateTime) { "
        f"{RATE_LIMIT}{probe} organization(login: $login) {{ "
        "repositories(first: $first, after: $after, orderBy: {field: NAME, direction: ASC}) { "
        f"{PAGE_INFO} nodes {{ ...Newest }} }} }} }}"
    )
