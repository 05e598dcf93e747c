"""The fake's GraphQL endpoint: queries validated and executed against GitHub's real public schema.

A field the real API lacks fails validation as on GitHub (``Field 'x' doesn't exist on type 'Y'``,
``extensions.code = undefinedField``). Connections page the world's plain lists with GitHub's rules:
``first``/``last`` required and at most 100, opaque cursors, ``pageInfo``, ``totalCount``, ``orderBy``
and ``filterBy: {since}``. Errors carry GitHub's ``type`` (``NOT_FOUND``, ``MAX_NODE_LIMIT_EXCEEDED``,
...). A ``databaseId`` beyond 2^31 - 1 is answered as GitHub answers it: HTTP 200, the field ``null`` and
one error per field ("Int cannot represent non 32-bit signed integer value: ...", with ``path`` and
``locations``); ``fullDatabaseId`` (``BigInt``) is a JSON string. :func:`github_schema` can drop
``fullDatabaseId`` from some types, as older GitHub Enterprise Server releases lack it.
:func:`query_size` computes the node count and point cost GitHub would assign, used for
``rateLimit { cost }`` and for the heavy-query fault.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    build_schema,
    execute_sync,
    get_named_type,
    parse,
    validate,
)

from .world import FakeRepo, World

SCHEMA_PATH = Path(__file__).with_name("schema.graphql")
MAX_PAGE = 100
MAX_NODES = 500_000
_CURSOR_PREFIX = "cursor:v2:"


_FULL_DATABASE_ID = (
    '\n  """\n  Identifies the primary key from the database as a BigInt.\n  """\n  fullDatabaseId: BigInt\n'
)


def _without_full_database_id(sdl: str, typename: str) -> str:
    start = sdl.index(f"\ntype {typename} implements ")
    end = sdl.index("\n}\n", start)
    block = sdl[start:end]
    if _FULL_DATABASE_ID not in block:
        raise ValueError(f"{typename} has no fullDatabaseId in the schema")
    return sdl[:start] + block.replace(_FULL_DATABASE_ID, "\n") + sdl[end:]


@functools.cache
def github_schema(without_full_database_id: frozenset[str] = frozenset()) -> GraphQLSchema:
    """GitHub's schema, built once per process and variant (about a second); the types named in
    ``without_full_database_id`` lack that field, as on an older GitHub Enterprise Server."""
    sdl = SCHEMA_PATH.read_text(encoding="utf-8")
    for typename in sorted(without_full_database_id):
        sdl = _without_full_database_id(sdl, typename)
    schema = build_schema(sdl, assume_valid_sdl=True)
    # The published SDL trips graphql-core's strict deprecation checks on interfaces; GitHub serves it.
    schema._validation_errors = []  # type: ignore[attr-defined]
    return schema


@functools.lru_cache(maxsize=256)
def _parse_and_validate(
    query: str, schema: GraphQLSchema
) -> tuple[DocumentNode | None, tuple[dict[str, Any], ...]]:
    try:
        document = parse(query)
    except GraphQLError as exc:
        return None, (_shape(exc),)
    errors = validate(schema, document)
    return (None, tuple(_shape(e) for e in errors)) if errors else (document, ())


_UNDEFINED_FIELD = re.compile(r"Cannot query field '(\w+)' on type '(\w+)'\.")


def _shape(error: GraphQLError) -> dict[str, Any]:
    """GitHub's error shape: ``type`` at the top level, ``path``, ``locations``, ``message``; an unknown
    field is worded and coded as GitHub words it."""
    shaped: dict[str, Any] = {"message": error.message}
    extensions = dict(error.extensions or {})
    undefined = _UNDEFINED_FIELD.match(error.message)
    if undefined:
        field, typename = undefined.groups()
        shaped["message"] = f"Field '{field}' doesn't exist on type '{typename}'"
        extensions |= {"code": "undefinedField", "typeName": typename, "fieldName": field}
    if "type" in extensions:
        shaped["type"] = extensions.pop("type")
    if error.path:
        shaped["path"] = list(error.path)
    if error.locations:
        shaped["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if extensions:
        shaped["extensions"] = extensions
    return shaped


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str, field: str) -> int:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if text.startswith(_CURSOR_PREFIX):
            return int(text[len(_CURSOR_PREFIX) :])
    except (ValueError, UnicodeDecodeError):
        pass
    raise GraphQLError(
        f"`{cursor}` does not appear to be a valid cursor.", extensions={"type": "INVALID_CURSOR_ARGUMENTS"}
    )


_ORDER_KEYS = {"UPDATED_AT": "updatedAt", "CREATED_AT": "createdAt", "NAME": "name"}


def _paginate(items: list[dict[str, Any]], args: dict[str, Any], field: str) -> dict[str, Any]:
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise GraphQLError(
            f"You must provide a `first` or `last` value to properly paginate the `{field}` connection.",
            extensions={"type": "MISSING_PAGINATION_BOUNDARIES"},
        )
    for name, value in (("first", first), ("last", last)):
        if value is not None and (value < 0 or value > MAX_PAGE):
            raise GraphQLError(
                f"Requesting {value} records on the `{field}` connection exceeds the `{name}` limit of "
                f"{MAX_PAGE} records.",
                extensions={"type": "EXCESSIVE_PAGINATION"},
            )
    selected = [item for item in items if not item.get("_hidden")]
    since = (args.get("filterBy") or {}).get("since")
    if since:
        selected = [item for item in selected if item["updatedAt"] >= since]
    if args.get("states"):
        selected = [item for item in selected if item.get("state") in args["states"]]
    order = args.get("orderBy")
    if order:
        key = _ORDER_KEYS.get(order["field"], "createdAt")
        selected = sorted(
            selected,
            key=lambda i: (i.get(key) or "", i.get("databaseId") or 0),
            reverse=order.get("direction") == "DESC",
        )
    start = decode_cursor(args["after"], field) + 1 if args.get("after") else 0
    end = len(selected) if not args.get("before") else decode_cursor(args["before"], field)
    window = list(range(start, min(end, len(selected))))
    if first is not None:
        window = window[:first]
    if last is not None:
        window = window[-last:] if last else []
    nodes = [selected[i] for i in window]
    return {
        "totalCount": len(selected),
        "nodes": nodes,
        "edges": [{"cursor": encode_cursor(i), "node": selected[i]} for i in window],
        "pageInfo": {
            "hasNextPage": bool(window) and window[-1] < min(end, len(selected)) - 1,
            "hasPreviousPage": bool(window) and window[0] > 0,
            "startCursor": encode_cursor(window[0]) if window else None,
            "endCursor": encode_cursor(window[-1]) if window else None,
        },
    }


def _resolve(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    value = (
        source.get(info.field_name) if isinstance(source, dict) else getattr(source, info.field_name, None)
    )
    if callable(value):
        return value(info, **args)
    named = get_named_type(info.return_type)
    if isinstance(value, list) and named.name.endswith("Connection"):
        return _paginate(value, args, info.field_name)
    return value


# -- cost -------------------------------------------------------------------------------------------


def _int_arg(field: FieldNode, name: str, variables: dict[str, Any]) -> int | None:
    for argument in field.arguments or ():
        if argument.name.value != name:
            continue
        if isinstance(argument.value, IntValueNode):
            return int(argument.value.value)
        if isinstance(argument.value, VariableNode):
            value = variables.get(argument.value.name.value)
            return int(value) if value is not None else None
    return None


def query_size(document: DocumentNode, variables: dict[str, Any]) -> tuple[int, int]:
    """``(nodes, cost)`` as GitHub counts them: nodes is the sum over connections of the product of the
    ``first``/``last`` limits down to them; cost is the number of connection requests / 100, at least 1."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    totals = {"nodes": 0, "requests": 0}

    def walk(selection_set: SelectionSetNode | None, multiplier: int) -> None:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                limit = _int_arg(selection, "first", variables) or _int_arg(selection, "last", variables)
                if limit is not None:
                    totals["requests"] += multiplier
                    totals["nodes"] += multiplier * limit
                    walk(selection.selection_set, multiplier * limit)
                else:
                    walk(selection.selection_set, multiplier)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, multiplier)
            elif isinstance(selection, FragmentSpreadNode):
                walk(fragments[selection.name.value].selection_set, multiplier)

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            walk(definition.selection_set, 1)
    return totals["nodes"], max(1, round(totals["requests"] / 100))


# -- execution --------------------------------------------------------------------------------------


class GraphQLEndpoint:
    """Executes one POST body against ``world``; ``rate`` supplies the ``rateLimit`` object."""

    def __init__(self, world: World, schema: GraphQLSchema | None = None) -> None:
        self.world = world
        self.schema = schema or github_schema()

    def prepare(self, body: bytes) -> tuple[DocumentNode | None, dict[str, Any], dict[str, Any] | None]:
        """``(document, variables, error_response)``: a parsed, schema-valid query or GitHub's error."""
        try:
            payload = json.loads(body or b"{}")
        except json.JSONDecodeError:
            return (
                None,
                {},
                {"message": "Problems parsing JSON", "documentation_url": "https://docs.github.com/graphql"},
            )
        query = payload.get("query")
        if not isinstance(query, str):
            return (
                None,
                {},
                {"errors": [{"message": "A query attribute must be specified and must be a string."}]},
            )
        document, errors = _parse_and_validate(query, self.schema)
        if document is None:
            return None, {}, {"errors": list(errors)}
        return document, payload.get("variables") or {}, None

    def run(
        self, document: DocumentNode, variables: dict[str, Any], rate_limit: dict[str, Any]
    ) -> dict[str, Any]:
        world = self.world

        def as_object(repo: FakeRepo) -> dict[str, Any]:
            return {
                "__typename": "Repository",
                "id": repo.node_id,
                "databaseId": repo.database_id,
                "name": repo.name,
                "nameWithOwner": repo.full_name,
                "isArchived": False,
                "pullRequests": repo.pulls,
                "issues": repo.issues,
            }

        def repository(info: GraphQLResolveInfo, owner: str, name: str, **_: Any) -> dict[str, Any]:
            repo = world.repo(f"{owner}/{name}")
            if repo is None:
                raise GraphQLError(
                    f"Could not resolve to a Repository with the name '{owner}/{name}'.",
                    extensions={"type": "NOT_FOUND"},
                )
            return as_object(repo)

        def organization(info: GraphQLResolveInfo, login: str) -> dict[str, Any]:
            names = world.orgs.get(login.lower())
            if names is None:
                raise GraphQLError(
                    f"Could not resolve to an Organization with the login of '{login}'.",
                    extensions={"type": "NOT_FOUND"},
                )
            repos = [world.repo(name) for name in names]
            return {
                "__typename": "Organization",
                "login": login,
                "repositories": [as_object(repo) for repo in repos if repo is not None],
            }

        def node(info: GraphQLResolveInfo, id: str) -> dict[str, Any]:
            found = world.nodes.get(id)
            if found is None:
                raise GraphQLError(
                    f"Could not resolve to a node with the global id of '{id}'",
                    extensions={"type": "NOT_FOUND"},
                )
            return found

        root = {
            "repository": repository,
            "organization": organization,
            "node": node,
            "nodes": lambda info, ids: [world.nodes.get(i) for i in ids],
            "rateLimit": lambda info, **_: rate_limit,
            "viewer": {"__typename": "User", "login": world.viewer},
        }
        with world.lock:
            result = execute_sync(
                self.schema, document, root, variable_values=variables, field_resolver=_resolve
            )
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response["errors"] = [_shape(error) for error in result.errors]
        return response
