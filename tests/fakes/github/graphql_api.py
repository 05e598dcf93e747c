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

from .graphql_paging import paginate
from .graphql_roots import RootFields, insufficient_scopes
from .world import World

SCHEMA_PATH = Path(__file__).with_name("schema.graphql")
MAX_NODES = 500_000


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


def _resolve(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    value = (
        source.get(info.field_name) if isinstance(source, dict) else getattr(source, info.field_name, None)
    )
    if callable(value):
        return value(info, **args)
    named = get_named_type(info.return_type)
    if isinstance(value, list) and named.name.endswith("Connection"):
        return paginate(value, args, info.field_name)
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
        refused = insufficient_scopes(document, world.directory.scopes)
        if refused:  # GitHub checks scopes before it runs anything: no data at all
            return {"data": None, "errors": refused}
        with world.lock:
            root = RootFields(world, rate_limit).root()
            result = execute_sync(
                self.schema, document, root, variable_values=variables, field_resolver=_resolve
            )
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response["errors"] = [_shape(error) for error in result.errors]
        return response
