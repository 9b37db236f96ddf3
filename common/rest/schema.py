"""Schema post-processing: every error answer and the version headers, on every operation."""

ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERROR_SCHEMA = {
    "type": "object",
    "description": "The body of every 4xx answer: which field, and why.",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {
                        "type": "string",
                        "nullable": True,
                        "description": "The field at fault (dotted for nested data); null for the request as a whole.",
                    },
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
                "required": ["field", "message", "code"],
            },
        },
        "current_version": {"type": "integer", "description": "On 412 only: the version now on record."},
        "report": {
            "type": "array",
            "description": "On a refused answers import only: every problem, row by row (row 0: the whole file).",
            "items": {
                "type": "object",
                "properties": {
                    "row": {"type": "integer"},
                    "column": {"type": "string"},
                    "value": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["row", "column", "value", "reason"],
            },
        },
    },
    "required": ["detail", "errors"],
}

ALL = {
    "400": "Malformed JSON, or a field or filter value that is not accepted; `errors` names each field and why.",
    "401": "No credentials, or a token that is unknown or revoked.",
    "403": "Signed in, but the role may not do this (or a session write without its CSRF token).",
    "404": "No record with this id (or a page past the end of the list).",
    "406": "The Accept header asks for something other than JSON.",
}
WRITES = {
    "409": "The change conflicts with recorded data (e.g. deleting a record others still refer to).",
    "415": "The body is not JSON.",
    "503": "SQLite only: another change held the database past the busy timeout; nothing was saved, retry.",
}
VERSIONED = {
    "412": "The version named in If-Match or in the body is no longer the one on record; nothing changed."
}

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": 'The ETag you read (e.g. "3"). If the record has changed since, the answer is 412.',
}
ETAG = {"ETag": {"schema": {"type": "string"}, "description": "The record's version, quoted."}}


def _component(result, content) -> dict:
    schema = (content or {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    return result["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}) if ref else {}


def _is_versioned(result, operation) -> bool:
    for code in ("200", "201"):
        response = operation.get("responses", {}).get(code)
        if response and "version" in _component(result, response.get("content")).get("properties", {}):
            return True
    return False


def describe_errors_and_versions(result, generator, request, public):
    """Add the Error component, the 4xx answers, If-Match and ETag to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            codes = dict(ALL)
            if method in ("post", "put", "patch"):
                codes |= WRITES
            elif method == "delete":
                codes |= {code: WRITES[code] for code in ("409", "503")}
            versioned = _is_versioned(result, operation) or (
                method == "delete" and _is_versioned(result, path_item.get("get", {}))
            )
            if versioned and method in ("put", "patch", "delete"):
                codes |= VERSIONED
                operation.setdefault("parameters", []).append(IF_MATCH)
            elif versioned and method == "post" and "{" in path:
                # An action on one record (review, submit…) that takes the version read in its body.
                codes |= VERSIONED
            one_record = "{" in path or method == "post"
            if versioned and one_record and method in ("get", "put", "patch", "post"):
                for code in ("200", "201"):
                    if code in responses:
                        responses[code].setdefault("headers", {}).update(ETAG)
            for code, description in codes.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}
                )
    return result
