"""Batch items: reading them (JSON envelope or NDJSON), their limits, running one, and the
manifest entries that say what became of each."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from service.contract import load_request
from service.documents.generate import generate, safe_filename
from service.documents.registry import KINDS, get_kind
from service.errors import CaseInvalid, FieldError, LimitExceeded, RecouvreError, field_error
from service.jsonio import BadJson, parse_json
from service.problems import problem_body
from service.runtime import Runtime

log = logging.getLogger("recouvre.batch")

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
ITEM_KEYS = ("id", "kind", "case", "options")


# --------------------------------------------------------------------------- problems


def bug_problem(detail: str = "An unexpected error occurred while generating this item: a bug."
                ) -> dict[str, Any]:
    return problem_body(RecouvreError(title="Internal Server Error", status=500, detail=detail))


# --------------------------------------------------------------------------- items


@dataclass
class BatchItem:
    """One item of a batch, as read: ``raw`` is the parsed JSON, ``problem`` set if unreadable."""

    index: int
    raw: Any = None
    problem: dict[str, Any] | None = None
    source: bytes | None = None  # the NDJSON line, for the input hash of an unreadable item

    @property
    def id(self) -> str | None:
        value = self.raw.get("id") if isinstance(self.raw, dict) else None
        if isinstance(value, bool) or not isinstance(value, str | int):
            return None
        return str(value)

    @property
    def kind(self) -> str | None:
        value = self.raw.get("kind") if isinstance(self.raw, dict) else None
        return value if isinstance(value, str) else None

    def input_sha256(self) -> str:
        """Hash of the item's canonical JSON: a resumed batch re-renders an edited item."""
        if self.problem is not None and self.source is not None:
            return hashlib.sha256(self.source).hexdigest()
        text = json.dumps(self.raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _request_error(path: str, code: str, fr: str, en: str) -> CaseInvalid:
    return CaseInvalid([field_error(path, code, fr, en)])


def items_from_json(body: Any) -> list[BatchItem]:
    """``{"items": [...]}``: a malformed envelope is a 422 for the whole request."""
    if not isinstance(body, dict):
        raise _request_error("$", "invalid_type", "Un objet JSON est attendu.",
                             "A JSON object is expected.")
    errors: list[FieldError] = [
        field_error(key, "unknown_field", "Champ inconnu (faute de frappe ?).",
                    "Unknown field (typo?).") for key in body if key != "items"]
    items = body.get("items")
    if not isinstance(items, list):
        errors.append(field_error("items", "required", "Une liste d'éléments est attendue.",
                                  "A list of items is expected."))
    if errors:
        raise CaseInvalid(errors)
    assert isinstance(items, list)
    return [BatchItem(index=i, raw=raw) for i, raw in enumerate(items)]


def items_from_ndjson(data: bytes) -> list[BatchItem]:
    """One item per line; blank lines separate nothing and are not items; a line that is not
    JSON is an error item (status 400 in its problem) at its place."""
    items: list[BatchItem] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        index = len(items)
        try:
            raw = parse_json(line)
        except BadJson as exc:
            problem = problem_body(exc)
            problem["detail"] = f"Line {number}: {exc.detail}"[:300]
            problem["detail_fr"] = f"Ligne {number} : JSON illisible."
            items.append(BatchItem(index=index, problem=problem, source=line))
            continue
        items.append(BatchItem(index=index, raw=raw, source=line))
    return items


def read_items(data: bytes, ndjson: bool | None = None) -> list[BatchItem]:
    """Items from a body or a file; ``ndjson=None`` guesses (a JSON object with ``items``
    is the JSON form, anything else is NDJSON)."""
    if ndjson is None:
        try:
            whole = parse_json(data)
        except BadJson:
            whole = None
        ndjson = not (isinstance(whole, dict) and "items" in whole)
        if not ndjson:
            return items_from_json(whole)
    return items_from_ndjson(data) if ndjson else items_from_json(parse_json(data))


def check_limits(items: list[BatchItem], max_items: int) -> None:
    """Checked before any rendering: an empty batch is a 422, too many items a 413."""
    if not items:
        raise _request_error("items", "empty", "Le lot ne contient aucun élément.",
                             "The batch holds no item.")
    if len(items) > max_items:
        raise LimitExceeded(
            f"The batch holds {len(items)} items; the limit is {max_items}"
            " (RECOUVRE_MAX_BATCH_ITEMS).",
            [field_error("items", "too_many_items",
                         f"Le lot contient {len(items)} éléments ; la limite est {max_items}.",
                         f"The batch holds {len(items)} items; the limit is {max_items}.")],
            status=413)


# --------------------------------------------------------------------------- results


@dataclass
class ItemResult:
    index: int
    id: str | None
    kind: str | None
    input_sha256: str
    problem: dict[str, Any] | None = None
    content: bytes | None = None
    filename: str | None = None
    sha256: str | None = None
    pages: int | None = None
    postage: dict[str, Any] | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    template_version: str | None = None
    reference: str | None = None
    worker: tuple[int, int] | None = None  # (pid, peak RSS in KiB) of the process that ran it

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def path(self) -> str | None:
        """The file's name in the ZIP / output directory: ``0007_<id>_<filename>``."""
        if not self.ok or self.filename is None:
            return None
        return entry_name(self.index, self.id, self.filename)

    def manifest_entry(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "id": self.id, "kind": self.kind}
        if self.ok:
            out.update(status="ok", file=self.path, filename=self.filename, sha256=self.sha256,
                       pages=self.pages, template_version=self.template_version,
                       reference=self.reference, postage=self.postage, warnings=self.warnings)
        else:
            out.update(status="error", problem=self.problem)
        out["input_sha256"] = self.input_sha256
        return out


def entry_name(index: int, item_id: str | None, filename: str) -> str:
    """No directory part, no traversal: every piece goes through :func:`safe_filename`."""
    parts = [f"{index:04d}"]
    if item_id:
        parts.append(safe_filename(item_id)[:60])
    parts.append(safe_filename(filename))
    return "_".join(parts)


def error_result(item: BatchItem, problem: dict[str, Any]) -> ItemResult:
    return ItemResult(index=item.index, id=item.id, kind=item.kind,
                      input_sha256=item.input_sha256(), problem=problem)


def check_envelope(item: BatchItem, *, known_kind: bool = True) -> list[FieldError]:
    """Faults of the item itself (not an object; id, kind) reported beside those of its case;
    with ``known_kind=False`` (items sent to a service, maybe newer) the kind is left to it."""
    raw = item.raw
    if not isinstance(raw, dict):
        return [field_error("$", "invalid_type", "Un objet JSON est attendu.",
                            "A JSON object is expected.")]
    errors: list[FieldError] = []
    if "id" in raw and (isinstance(raw["id"], bool) or not isinstance(raw["id"], str | int)):
        errors.append(field_error("id", "invalid_type", "L'identifiant doit être un texte.",
                                  "The id must be a string."))
    kind = raw.get("kind")
    if kind is None:
        errors.append(field_error("kind", "required", "Champ obligatoire manquant.",
                                  "Missing required field."))
    elif not isinstance(kind, str):
        errors.append(field_error("kind", "invalid_type", "Un texte est attendu.",
                                  "A string is expected."))
    elif known_kind:
        try:
            get_kind(kind)
        except CaseInvalid as exc:
            errors += exc.errors
    return errors


def run_item(item: BatchItem, runtime: Runtime) -> ItemResult:
    """Generate one item; never raises (a fault is the item's problem)."""
    if item.problem is not None:
        return error_result(item, item.problem)
    try:
        errors = check_envelope(item)
        if not isinstance(item.raw, dict):
            raise CaseInvalid(errors)
        try:
            case, options = load_request(item.raw, KINDS.get(item.kind or ""))
        except CaseInvalid as exc:
            errors += exc.errors
        if errors:
            raise CaseInvalid(errors)
        assert item.kind is not None
        doc = generate(item.kind, case, options, runtime)
    except RecouvreError as exc:
        return error_result(item, problem_body(exc))
    except Exception:  # a bug in one item must not take the batch down
        log.exception("batch item %d failed", item.index)
        return error_result(item, bug_problem())
    return ItemResult(index=item.index, id=item.id, kind=item.kind,
                      input_sha256=item.input_sha256(), content=doc.content,
                      filename=doc.filename, sha256=doc.sha256, pages=doc.pages,
                      postage=doc.postage, warnings=doc.warnings,
                      template_version=doc.template_version, reference=doc.reference)


def summary(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    listed = list(entries)
    ok = sum(1 for e in listed if e.get("status") == "ok")
    return {"total": len(listed), "ok": ok, "error": len(listed) - ok}


def manifest(entries: list[dict[str, Any]], *, complete: bool = True,
             extra: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"version": MANIFEST_VERSION, "complete": complete,
                           "created": datetime.now(UTC).isoformat(timespec="seconds"),
                           "summary": summary(entries)}
    out.update(extra or {})
    out["items"] = entries
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)
