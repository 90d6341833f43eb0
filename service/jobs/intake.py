"""Reading a job's items from a request body as it arrives, never holding it whole.

- NDJSON: one item per line (blank lines are not items); a line that is not JSON becomes an
  error item at its place, as in ``POST /v1/batch``;
- JSON: ``{"items": [...]}``, split element by element with the C JSON scanner
  (``raw_decode``) over a sliding window of the decoded text. A syntax error anywhere is a
  400 for the request, an envelope that is not ``{"items": [...]}`` a 422, as for the batch.

Both yield ``(BatchItem, bytes)``: the item as read and the bytes to store for it.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from service.batch import BatchItem
from service.errors import CaseInvalid, FieldError, LimitExceeded, field_error
from service.jsonio import BadJson, parse_json
from service.problems import problem_body

_WS = " \t\r\n"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_reject_constant)


def _too_large(what: str, limit: int) -> LimitExceeded:
    return LimitExceeded(
        f"{what} exceeds {limit} bytes.",
        [field_error("items", "item_too_large",
                     f"Un élément dépasse {limit} octets.", f"An item exceeds {limit} bytes.")],
        status=413)


def ndjson_items(chunks: Iterable[bytes], max_item_bytes: int) -> Iterator[tuple[BatchItem, bytes]]:
    pending = b""
    number = 0
    index = 0

    def one(line: bytes) -> tuple[BatchItem, bytes]:
        try:
            raw = parse_json(line)
        except BadJson as exc:
            problem = problem_body(exc)
            problem["detail"] = f"Line {number}: {exc.detail}"[:300]
            problem["detail_fr"] = f"Ligne {number} : JSON illisible."
            return BatchItem(index=index, problem=problem, source=line), line
        return BatchItem(index=index, raw=raw, source=line), line

    for chunk in chunks:
        pending += chunk
        start = 0
        while True:
            end = pending.find(b"\n", start)
            if end < 0:
                break
            line = pending[start:end]
            start = end + 1
            number += 1
            if line.strip():
                yield one(line)
                index += 1
        pending = pending[start:]
        if len(pending) > max_item_bytes:
            raise _too_large(f"Line {number + 1}", max_item_bytes)
    if pending.strip():
        number += 1
        yield one(pending)


class _Text:
    """The decoded body as a sliding window; ``pos`` indexes into ``text``."""

    def __init__(self, chunks: Iterable[bytes], max_item_bytes: int) -> None:
        self._chunks = iter(chunks)
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.pos = 0
        self.eof = False
        self.max = max_item_bytes

    def more(self) -> bool:
        """Read more (as much again as the window holds, so a large element is rescanned
        a logarithmic number of times); False once the body is all read."""
        if self.eof:
            return False
        self.text = self.text[self.pos:]
        self.pos = 0
        want = max(len(self.text), 1 << 20)
        got: list[str] = []
        size = 0
        try:
            while size < want:
                chunk = next(self._chunks, None)
                if chunk is None:
                    got.append(self._decoder.decode(b"", final=True))
                    self.eof = True
                    break
                part = self._decoder.decode(chunk)
                got.append(part)
                size += len(part)
        except UnicodeDecodeError:
            raise _bad("the body is not UTF-8") from None
        self.text += "".join(got)
        return True

    def skip_ws(self) -> str:
        """The next non-blank character (reading more as needed), '' at the end."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def expect(self, chars: str) -> str:
        c = self.skip_ws()
        if not c or c not in chars:
            raise _bad(f"expected one of {chars!r} at character {self.pos}")
        self.pos += 1
        return c

    def value(self) -> tuple[Any, str]:
        """The next JSON value and its text (read on while the window ends inside it)."""
        self.skip_ws()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except (ValueError, RecursionError) as exc:
                if not self.eof and len(self.text) - self.pos <= self.max + 1024:
                    self.more()
                    continue
                if not self.eof:  # still open past the item limit
                    raise _too_large("An item (or an unterminated value)", self.max) from None
                raise _bad(str(exc)) from None
            # a number cut by the window's end decodes short: read on before taking it
            if end >= len(self.text) and not self.eof:
                self.more()
                continue
            text = self.text[self.pos:end]
            self.pos = end
            return value, text


def _bad(why: str) -> BadJson:
    return BadJson(title="Unreadable JSON", status=400,
                   detail=f"The body is not valid JSON: {why}"[:300],
                   type="https://recouvre.example/problems/unreadable-json")


def _envelope(errors: list[FieldError]) -> CaseInvalid:
    return CaseInvalid(errors)


def json_items(chunks: Iterable[bytes], max_item_bytes: int) -> Iterator[tuple[BatchItem, bytes]]:
    """``{"items": [...]}``, element by element; the envelope's faults are raised (422) once
    the body is read, so every one is named at once."""
    src = _Text(chunks, max_item_bytes)
    first = src.skip_ws()
    if first != "{":
        if first and first in '["-0123456789tfn':
            raise _envelope([field_error("$", "invalid_type", "Un objet JSON est attendu.",
                                         "A JSON object is expected.")])
        raise _bad("expected an object")
    src.pos += 1
    errors: list[FieldError] = []
    seen_items = False
    index = 0
    if src.skip_ws() == "}":
        src.pos += 1
    else:
        while True:
            key, _ = src.value()
            if not isinstance(key, str):
                raise _bad("an object key must be a string")
            src.expect(":")
            if key == "items" and not seen_items and src.skip_ws() == "[":
                seen_items = True
                src.pos += 1
                if src.skip_ws() == "]":
                    src.pos += 1
                else:
                    while True:
                        raw, text = src.value()
                        data = text.encode("utf-8")
                        if len(data) > max_item_bytes:
                            raise _too_large(f"Item {index}", max_item_bytes)
                        yield BatchItem(index=index, raw=raw), data
                        index += 1
                        if src.expect(",]") == "]":
                            break
            else:
                src.value()  # skipped: reported below
                if key != "items":
                    errors.append(field_error(key, "unknown_field",
                                              "Champ inconnu (faute de frappe ?).",
                                              "Unknown field (typo?)."))
            if src.expect(",}") == "}":
                break
    if src.skip_ws():
        raise _bad(f"extra data at character {src.pos}")
    if not seen_items:
        errors.append(field_error("items", "required", "Une liste d'éléments est attendue.",
                                  "A list of items is expected."))
    if errors:
        raise _envelope(errors)
