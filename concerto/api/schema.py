"""What the OpenAPI schema says beyond what drf-spectacular infers from the views.

- Every operation documents the problem answers it can give (RFC 9457, ``application/problem+json``,
  concerto/core/problems.py): 400 where it takes input, 401 without credentials, 403, 404 where
  it names an object or a page, 405, 409 for a conflict, 413 for a body too large, 429 over the rate limit,
  503 with the database down. Clients and schemathesis (.ci/api_fuzz.py) can then check them.
- Times of day are local wall times ("14:00:00", Europe/Brussels), not RFC 3339 "full-time"
  (which requires an offset): their ``format: time`` becomes a pattern that says so.
"""

from __future__ import annotations

from typing import Any

PROBLEM = {
    "type": "object",
    "description": "An RFC 9457 problem: a stable code and a message in the client's Accept-Language.",
    "properties": {
        "type": {"type": "string"},
        "code": {"type": "string"},
        "status": {"type": "integer"},
        "title": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["type", "code", "status", "title", "detail"],
}
LOCAL_TIME = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "14:00:00"}
DESCRIPTIONS = {
    "400": "The request is not valid: see ``errors``.",
    "401": "No valid credentials.",
    "403": "Not allowed for this user.",
    "404": "Nothing here, or not visible to this user.",
    "405": "This method is not allowed here.",
    "409": "It conflicts with the current state.",
    "413": "The body is too large.",
    "429": "Too many requests: see Retry-After.",
    "503": "The service is unavailable for a moment: see Retry-After.",
}


def problem_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    reference = {"$ref": "#/components/schemas/Problem"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "put", "patch", "post", "delete"}:
                continue
            # 404 everywhere: an object not visible, or a page past the last one.
            codes = ["400", "401", "403", "404", "405", "413", "429", "503"]
            if method != "get":
                codes.append("409")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {"description": DESCRIPTIONS[code], "content": {"application/problem+json": {"schema": reference}}},
                )
    _local_times(result)
    return result


def _local_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            node.pop("format")
            node.update({key: value for key, value in LOCAL_TIME.items() if key not in node})
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)
