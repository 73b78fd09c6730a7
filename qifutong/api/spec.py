"""Each API route declares its input (and output) once; the OpenAPI document is made from it.

`@declare(body=…, query=…, response=…)` under `@api_required(…)` validates the query string
and the JSON body against their models before the view runs (a bad one answers 422 naming
the field) and hands them to the view as `query` and `body`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, request
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from qifutong.inputs import ID_MAX, parse

F = TypeVar("F", bound=Callable[..., Any])
PREFIX = "/api/v1"


@dataclass(frozen=True)
class Operation:
    summary: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    path: dict[str, dict[str, Any]]
    form: dict[str, Any] | None = None  # a multipart body's JSON schema (file uploads)


def declare(
    *,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    path: dict[str, dict[str, Any]] | None = None,
    form: dict[str, Any] | None = None,
) -> Callable[[F], F]:
    """Validate the route's query string and JSON body; record them (and the JSON schema of
    any path parameter that is not a plain id or text) for the OpenAPI document."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            from qifutong.api import json_body

            if query is not None:
                kwargs["query"] = parse(query, request.args.to_dict())
            if body is not None:
                kwargs["body"] = parse(body, json_body())
            return view(*args, **kwargs)

        summary = (view.__doc__ or view.__name__.replace("_", " ")).strip().splitlines()[0]
        wrapped.api_operation = Operation(  # type: ignore[attr-defined]
            summary, body, query, response, status, path or {}, form
        )
        return cast(F, wrapped)

    return decorator


_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string"},
            },
        }
    },
}
_FAILURES = {
    "400": "the request cannot be read",
    "401": "no token, or an unknown, revoked or expired one",
    "403": "the caller's role or scope does not allow it",
    "404": "not found, or outside the caller's scope",
    "409": "a conflict: a duplicate, or a state that has moved on",
    "422": "a field does not fit: error.field names it",
}
_ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _path(rule: str, declared: dict[str, dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    params = []
    for converter, name in _ARG.findall(rule):
        schema: dict[str, Any] = {"type": "string", "maxLength": 100}
        if converter == "int":
            schema = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
        schema = declared.get(name, schema)
        example = schema["enum"][0] if "enum" in schema else 1
        params.append(
            {"name": name, "in": "path", "required": True, "schema": schema, "example": example}
        )
    return _ARG.sub(r"{\2}", rule), params


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema.get("properties", {}).items():
        prop = {k: v for k, v in prop.items() if k != "title"}
        out.append({"name": name, "in": "query", "required": name in required, "schema": prop})
    return out


def openapi_document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every declared route under /api/v1."""
    routes = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        op = getattr(view, "api_operation", None)
        if rule.rule.startswith(PREFIX) and op is not None:
            routes.append((rule, cast(Operation, op), getattr(view, "api_roles", ())))
    models = {m for _r, op, _roles in routes for m in (op.body, op.response) if m is not None}
    refs, defs = models_json_schema(
        [(m, "validation") for m in sorted(models, key=lambda m: m.__name__)],
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, dict[str, Any]] = {}
    for rule, op, roles in routes:
        path, params = _path(rule.rule[len(PREFIX) :], op.path)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation: dict[str, Any] = {
                "operationId": f"{rule.endpoint}.{method.lower()}",
                "summary": op.summary,
                "parameters": params + (_query_parameters(op.query) if op.query else []),
                "responses": {
                    str(op.status): {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": refs[(op.response, "validation")]
                                if op.response
                                else {"type": "object"}
                            }
                        },
                    },
                    **{
                        code: {
                            "description": text,
                            "content": {"application/json": {"schema": _ERROR}},
                        }
                        for code, text in _FAILURES.items()
                    },
                },
            }
            if roles:
                operation["description"] = "Roles: " + ", ".join(roles)
                operation["x-roles"] = list(roles)  # the same, for the docs page and clients
            if op.body is not None:
                operation["requestBody"] = {
                    "required": True,
                    "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
                }
            if op.form is not None:
                operation["requestBody"] = {
                    "required": True,
                    "content": {"multipart/form-data": {"schema": op.form}},
                }
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "企服通 Qifutong API", "version": "1"},
        "servers": [{"url": PREFIX}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
