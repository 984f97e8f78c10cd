"""What a request must look like before GraphQL sees it.

POST bodies must be JSON: form and multipart bodies are what a browser sends cross-site
without a preflight, so refusing them closes CSRF through simple requests. Bodies are
read up to `MAX_BODY_BYTES` and no further, whatever Content-Length claims.

The JSON itself is checked here, once, with the parser the view uses (orjson): a body
that is not UTF-8, not JSON, nested deeper than `MAX_JSON_DEPTH`, or not an object
(`null`, `42`, a list: batching is off) is refused with 400 before any GraphQL work,
as are GET parameters `variables` and `extensions` that are not JSON objects. orjson
parses iteratively up to its own limit (1024 levels), so no body can exhaust the stack.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.types import Message, Receive, Scope

JSON_TYPES = ("application/json",)

# Deeper than any GraphQL request needs (variables mirror input types, a few levels).
MAX_JSON_DEPTH = 64


class Refused(Exception):
    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def _too_large(limit: int) -> Refused:
    return Refused(413, f"The request body is larger than {limit} bytes", "PAYLOAD_TOO_LARGE")


def _depth(value: Any) -> int:
    """How deeply `value` nests lists and objects (iteratively: the input is untrusted)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def json_object(raw: str | bytes, what: str) -> dict[str, Any]:
    """`raw` parsed as a JSON object of a sane depth; Refused (400) otherwise."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise Refused(400, f"The {what} is not valid UTF-8 JSON", "BAD_REQUEST") from None
    if isinstance(value, list):
        raise Refused(400, "Batching is not enabled: send one operation per request", "BAD_REQUEST")
    if not isinstance(value, dict):
        raise Refused(400, f"The {what} must be a JSON object", "BAD_REQUEST")
    if _depth(value) > MAX_JSON_DEPTH:
        raise Refused(400, f"The {what} nests deeper than {MAX_JSON_DEPTH} levels", "BAD_REQUEST")
    return value


async def guarded_request(scope: Scope, receive: Receive, max_body_bytes: int) -> Request:
    """The request to run, its body already read within the limit; Refused otherwise."""
    request = Request(scope, receive)
    if request.method != "POST":
        for name in ("variables", "extensions"):
            if request.query_params.get(name):
                json_object(request.query_params[name], f"`{name}` parameter")
        return request
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type not in JSON_TYPES:
        raise Refused(415, "Send the request as application/json", "UNSUPPORTED_MEDIA_TYPE")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body_bytes:
        raise _too_large(max_body_bytes)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body_bytes:
            raise _too_large(max_body_bytes)
    json_object(bytes(body), "request body")
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:  # later reads wait for the real disconnect
            return await receive()
        sent = True
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    return Request(scope, replay)
