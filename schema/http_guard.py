"""What a request must look like before GraphQL sees it.

POST bodies must be JSON: form and multipart bodies are what a browser sends cross-site
without a preflight, so refusing them closes CSRF through simple requests. Bodies are
read up to `MAX_BODY_BYTES` and no further, whatever Content-Length claims.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Message, Receive, Scope

JSON_TYPES = ("application/json",)


class Refused(Exception):
    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def _too_large(limit: int) -> Refused:
    return Refused(413, f"The request body is larger than {limit} bytes", "PAYLOAD_TOO_LARGE")


async def guarded_request(scope: Scope, receive: Receive, max_body_bytes: int) -> Request:
    """The request to run, its body already read within the limit; Refused otherwise."""
    request = Request(scope, receive)
    if request.method != "POST":
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
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:  # later reads wait for the real disconnect
            return await receive()
        sent = True
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    return Request(scope, replay)
