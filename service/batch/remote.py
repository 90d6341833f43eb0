"""Items sent to a running service (``recouvre batch --server``) instead of rendered here."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from typing import Any

from service.batch.items import (
    ITEM_KEYS,
    BatchItem,
    ItemResult,
    bug_problem,
    check_envelope,
    error_result,
)
from service.documents.generate import safe_filename
from service.errors import CaseInvalid, RecouvreError
from service.problems import problem_body


def _json_text(value: Any) -> str:
    """JSON for what :func:`service.jsonio.parse_json` read: its Decimals written back as the
    numbers they were read from (never strings, never floats)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{_json_text(v)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def post_item(item: BatchItem, server: str, *, api_key: str | None = None,
              timeout_s: float = 120.0) -> ItemResult:
    """Send one item to a running service's ``POST /v1/documents/{kind}`` (JSON answer)."""
    if item.problem is not None:
        return error_result(item, item.problem)
    envelope = check_envelope(item, known_kind=False)  # an item that is not an object too
    if envelope or item.kind is None or not isinstance(item.raw, dict):
        return error_result(item, problem_body(CaseInvalid(envelope)))
    body = {k: v for k, v in item.raw.items() if k in ("case", "options")}
    body.update({k: v for k, v in item.raw.items() if k not in ITEM_KEYS})  # server flags them
    url = f"{server.rstrip('/')}/v1/documents/{urllib.parse.quote(item.kind, safe='')}"
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if api_key:
        headers["X-API-Key"] = api_key
    request = urllib.request.Request(url, data=_json_text(body).encode("utf-8"), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            problem = json.loads(exc.read())
        except ValueError:
            problem = None
        if not isinstance(problem, dict):
            problem = {"type": "about:blank", "title": exc.reason, "status": exc.code,
                       "detail": f"{url} answered {exc.code}.", "errors": []}
        problem.setdefault("errors", [])
        return error_result(item, problem)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return error_result(item, problem_body(RecouvreError(
            title="Service Unavailable", status=503, detail=f"{url}: {exc}"[:300])))
    content = base64.b64decode(answer["content_base64"])
    if hashlib.sha256(content).hexdigest() != answer.get("sha256"):
        return error_result(item, bug_problem(f"{url}: the document's sha256 does not match."))
    return ItemResult(index=item.index, id=item.id, kind=item.kind,
                      input_sha256=item.input_sha256(), content=content,
                      filename=safe_filename(answer["filename"]), sha256=answer["sha256"],
                      pages=answer.get("pages"), postage=answer.get("postage"),
                      warnings=answer.get("warnings", []),
                      template_version=answer.get("template_version"),
                      reference=answer.get("reference"))
