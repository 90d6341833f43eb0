"""POST /v1/batch and the batch core: a streamed ZIP, every item in the manifest, bad items
isolated; the directory runner sending items to running services (--server)."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from werkzeug.serving import make_server

from service import batch
from service.app import create_app
from service.config import Settings
from tests.factories import copy_raw, example_raw

BAD_LINE = "{this line is not JSON"


def good_item(i: int, *, signed: bool = False) -> dict[str, Any]:
    kind, options = ("relance", {"level": 1 + i % 3}) if i % 2 else ("mise_en_demeure", {})
    if not signed:
        options["sign"] = False
    raw = example_raw()
    raw["reference"] = f"DOS-B-{i:03d}"
    return {"id": f"case-{i}", "kind": kind, "case": raw, "options": options}


def invalid_case_item(i: int) -> dict[str, Any]:
    raw = copy_raw(example_raw())
    raw["invoices"][1]["due_date"] = "2020-01-01"  # before its issue date
    return {"id": f"case-{i}", "kind": "relance", "case": raw, "options": {"level": 1}}


def unknown_kind_item(i: int) -> dict[str, Any]:
    return {"id": f"case-{i}", "kind": "telegramme", "case": example_raw()}


def ndjson_lines(n: int, bad: dict[int, str]) -> tuple[list[str], dict[int, str]]:
    """n lines; ``bad`` maps an index to the fault to put there. Returns lines and expected
    statuses by index."""
    lines: list[str] = []
    for i in range(n):
        fault = bad.get(i)
        if fault == "not_json":
            lines.append(BAD_LINE)
        elif fault == "invalid_case":
            lines.append(json.dumps(invalid_case_item(i), default=str))
        elif fault == "unknown_kind":
            lines.append(json.dumps(unknown_kind_item(i), default=str))
        elif fault == "not_object":
            lines.append("[1, 2, 3]")
        elif fault == "missing_case":
            lines.append(json.dumps({"id": f"case-{i}", "kind": "relance"}))
        else:
            lines.append(json.dumps(good_item(i, signed=i in (1, 2)), default=str))
    return lines, bad


def read_zip(data: bytes) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    return archive, json.loads(archive.read(batch.MANIFEST))


def check_manifest_and_files(archive_names: list[str], read: Any, manifest: dict[str, Any],
                             n: int, bad: dict[int, str]) -> None:
    items = manifest["items"]
    assert [e["index"] for e in items] == list(range(n))
    assert manifest["summary"] == {"total": n, "ok": n - len(bad), "error": len(bad)}
    for e in items:
        i = e["index"]
        if i in bad:
            assert e["status"] == "error", e
            problem = e["problem"]
            assert {"type", "title", "status", "detail", "errors"} <= set(problem)
            assert "file" not in e
            if bad[i] == "not_json":
                assert problem["status"] == 400 and e["id"] is None
            else:
                assert problem["status"] == 422 and e["id"] == (f"case-{i}" if bad[i] !=
                                                                "not_object" else None)
            if bad[i] == "invalid_case":
                assert [x["path"] for x in problem["errors"]] == ["case.invoices[1].due_date"]
            if bad[i] == "unknown_kind":
                assert problem["errors"][0]["path"] == "kind"
                assert problem["errors"][0]["code"] == "unknown_kind"
            if bad[i] == "missing_case":
                assert "case" in [x["path"] for x in problem["errors"]]
        else:
            assert e["status"] == "ok", e
            assert e["id"] == f"case-{i}" and e["file"].startswith(f"{i:04d}_case-{i}_")
            assert e["file"] in archive_names
            content = read(e["file"])
            assert hashlib.sha256(content).hexdigest() == e["sha256"]
            assert len(PdfReader(io.BytesIO(content)).pages) == e["pages"] >= 1
            assert e["kind"] in ("relance", "mise_en_demeure")
            assert e["postage"]["recipient_lines"][0] == "MARTIN BATIMENT"
            assert isinstance(e["warnings"], list)
    pdfs = [name for name in archive_names if name != batch.MANIFEST]
    assert len(pdfs) == n - len(bad)


BAD_200 = {3: "invalid_case", 57: "unknown_kind", 99: "not_json", 142: "not_object",
           198: "missing_case"}


def test_ndjson_batch_of_200_with_5_bad_items(client):
    lines, bad = ndjson_lines(200, BAD_200)
    body = "\n".join(lines[:20]) + "\n\n" + "\n".join(lines[20:]) + "\n"  # a blank line too
    r = client.post("/v1/batch", data=body, content_type="application/x-ndjson")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    assert r.is_streamed
    archive, manifest = read_zip(r.get_data())
    names = archive.namelist()
    assert names[-1] == batch.MANIFEST  # last, after every document
    check_manifest_and_files(names, archive.read, manifest, 200, bad)
    assert len(names) == 195 + 1  # 195 documents and the manifest
    # the items asked to be signed are, the others not
    signed = {e["index"] for e in manifest["items"] if e["status"] == "ok"
              and b"/ByteRange" in archive.read(e["file"])}
    assert signed == {1, 2}


def test_json_batch_of_20_with_3_bad_items(client):
    n, bad = 20, {2: "invalid_case", 9: "unknown_kind", 17: "not_object"}
    items: list[Any] = []
    for i in range(n):
        if bad.get(i) == "invalid_case":
            items.append(invalid_case_item(i))
        elif bad.get(i) == "unknown_kind":
            items.append(unknown_kind_item(i))
        elif bad.get(i) == "not_object":
            items.append([1, 2, 3])
        else:
            items.append(good_item(i))
    r = client.post("/v1/batch", data=json.dumps({"items": items}, default=str),
                    content_type="application/json")
    assert r.status_code == 200
    archive, manifest = read_zip(r.get_data())
    check_manifest_and_files(archive.namelist(), archive.read, manifest, n, bad)


def test_items_past_the_time_budget_are_listed_as_errors_to_resubmit(runtime):
    items = batch.items_from_json({"items": [good_item(i) for i in range(3)]})
    _, manifest = read_zip(b"".join(batch.zip_stream(items, runtime, time_budget_s=0)))
    assert manifest["summary"] == {"total": 3, "ok": 0, "error": 3}
    for i, e in enumerate(manifest["items"]):
        assert e["index"] == i and e["id"] == f"case-{i}" and e["status"] == "error"
        assert e["problem"]["status"] == 503 and e["problem"]["code"] == "batch_time_budget"
        assert "RECOUVRE_BATCH_TIME_BUDGET_S" in e["problem"]["detail"]
    _, manifest = read_zip(b"".join(batch.zip_stream(items, runtime, time_budget_s=600)))
    assert manifest["summary"] == {"total": 3, "ok": 3, "error": 0}


class StepClock:
    """A clock that moves one second each time it is read: each item takes "1 s"."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_no_item_is_started_that_the_slowest_so_far_says_would_end_past_the_budget(runtime):
    items = batch.items_from_json({"items": [good_item(i) for i in range(3)]})
    # read at start (1), before item 0 (2) and after it (3): 1 s elapsed, 1 s per item; before
    # item 1 (4): 3 s elapsed, below the budget, but 3 + 1 s would end past it: not started
    stream = batch.zip_stream(items, runtime, time_budget_s=3.5, clock=StepClock())
    _, manifest = read_zip(b"".join(stream))
    assert [e["status"] for e in manifest["items"]] == ["ok", "error", "error"]
    assert {e["problem"]["code"] for e in manifest["items"][1:]} == {"batch_time_budget"}
    stream = batch.zip_stream(items, runtime, time_budget_s=4.5, clock=StepClock())
    _, manifest = read_zip(b"".join(stream))
    assert [e["status"] for e in manifest["items"]] == ["ok", "ok", "error"]


def test_the_api_applies_the_configured_time_budget(runtime):
    client = create_app(Settings(batch_time_budget_s=0), runtime=runtime).test_client()
    r = client.post("/v1/batch", data=json.dumps({"items": [good_item(0)]}, default=str),
                    content_type="application/json")
    _, manifest = read_zip(r.get_data())
    assert manifest["items"][0]["problem"]["code"] == "batch_time_budget"


def test_file_names_are_sanitised(client):
    item = good_item(0)
    item["id"] = "../../etc/passwd\\..\\x"
    r = client.post("/v1/batch", data=json.dumps({"items": [item]}, default=str),
                    content_type="application/json")
    archive, manifest = read_zip(r.get_data())
    (name,) = [n for n in archive.namelist() if n != batch.MANIFEST]
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name == manifest["items"][0]["file"]
    assert manifest["items"][0]["id"] == "../../etc/passwd\\..\\x"  # echoed as given


def test_limits_and_media_types_are_problems_before_anything_is_generated(runtime):
    app = create_app(Settings(max_batch_items=3, max_body_bytes=200_000), runtime=runtime)
    client = app.test_client()
    four = "\n".join(json.dumps(good_item(i), default=str) for i in range(4))
    r = client.post("/v1/batch", data=four, content_type="application/x-ndjson")
    assert r.status_code == 413 and r.mimetype == "application/problem+json"
    assert r.json["errors"][0]["code"] == "too_many_items" and "3" in r.json["detail"]
    r = client.post("/v1/batch", data="\n\n", content_type="application/x-ndjson")
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "items"
    r = client.post("/v1/batch", data=json.dumps({"items": "x", "extra": 1}),
                    content_type="application/json")
    assert r.status_code == 422
    assert {e["path"] for e in r.json["errors"]} == {"items", "extra"}
    r = client.post("/v1/batch", data="{", content_type="application/json")
    assert r.status_code == 400
    r = client.post("/v1/batch", data=four, content_type="text/plain")
    assert r.status_code == 415
    r = client.post("/v1/batch", data=b"x" * 300_000, content_type="application/x-ndjson")
    assert r.status_code == 413 and r.mimetype == "application/problem+json"


def test_endpoint_is_in_the_openapi_document(client):
    spec = client.get("/openapi.json").json
    op = spec["paths"]["/v1/batch"]["post"]
    assert "RECOUVRE_MAX_BATCH_ITEMS" in op["description"]
    assert "application/x-ndjson" in op["requestBody"]["content"]


# --------------------------------------------------------------------------- --server


@contextmanager
def serving(app: Any, hits: Counter[str], name: str) -> Iterator[str]:
    def counted(environ: dict[str, Any], start_response: Any) -> Any:
        hits[name] += 1
        return app.wsgi_app(environ, start_response)

    server = make_server("127.0.0.1", 0, counted, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def test_directory_runner_spreads_items_over_running_services(app, tmp_path: Path):
    lines, bad = ndjson_lines(6, {4: "unknown_kind", 5: "not_json"})
    item0 = json.loads(lines[0])
    lines[0] = json.dumps(item0, default=str).replace('"4800.00"', "4800.10")  # a JSON number
    items = batch.items_from_ndjson("\n".join(lines).encode())
    hits: Counter[str] = Counter()
    with serving(app, hits, "a") as url_a, serving(app, hits, "b") as url_b:
        stats = batch.run_to_directory(items, tmp_path, jobs=1, servers=[url_a, url_b])
    # the unreadable line never leaves the machine; the other 5 go round-robin
    assert hits["a"] + hits["b"] == 5 and min(hits["a"], hits["b"]) >= 2
    assert (stats.ok, stats.error, stats.rendered) == (4, 2, 6)
    manifest = json.loads((tmp_path / batch.MANIFEST).read_text())
    assert manifest["complete"] is True
    entries = manifest["items"]
    assert [e["status"] for e in entries] == ["ok"] * 4 + ["error"] * 2
    assert entries[4]["problem"]["errors"][0]["code"] == "unknown_kind"  # the server's answer
    assert entries[5]["problem"]["status"] == 400
    for e in entries[:4]:
        assert hashlib.sha256((tmp_path / e["file"]).read_bytes()).hexdigest() == e["sha256"]
    first = PdfReader(tmp_path / entries[0]["file"])
    text = "".join(p.extract_text() for p in first.pages)
    assert "4 800,10" in text.replace("\u202f", " ").replace("\xa0", " ")


def test_unreachable_service_is_an_error_item_not_a_crash(tmp_path: Path):
    items = batch.items_from_ndjson(json.dumps(good_item(0), default=str).encode())
    stats = batch.run_to_directory(items, tmp_path, servers=["http://127.0.0.1:9"])
    assert (stats.ok, stats.error) == (0, 1)
    entry = json.loads((tmp_path / batch.MANIFEST).read_text())["items"][0]
    assert entry["problem"]["status"] == 503


@pytest.mark.parametrize("text,expected", [
    (b'{"items": []}', "json"), (b'{"id": "a"}\n{"id": "b"}', "ndjson"), (b"{bad\n", "ndjson")])
def test_read_items_guesses_the_form(text: bytes, expected: str):
    items = batch.read_items(text)
    if expected == "json":
        assert items == []
    else:
        assert len(items) == text.count(b"\n") + (0 if text.endswith(b"\n") else 1)


# --------------------------------------------------------------------------- resumed runs


def pdf_names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.suffix == ".pdf"}


def test_a_resumed_run_leaves_no_outdated_file(runtime, tmp_path: Path):
    raws = [good_item(i) for i in range(4)]
    items = batch.items_from_json({"items": raws})
    assert batch.run_to_directory(items, tmp_path, runtime=runtime).ok == 4
    first = json.loads((tmp_path / batch.MANIFEST).read_text())["items"]
    assert pdf_names(tmp_path) == {e["file"] for e in first}

    # item 1 now fails, item 2 changes id (so its file name), item 3 is no longer in the batch
    raws = [raws[0], invalid_case_item(1), {**raws[2], "id": "renamed"}]
    stats = batch.run_to_directory(batch.items_from_json({"items": raws}), tmp_path,
                                   runtime=runtime)
    assert (stats.ok, stats.error, stats.skipped) == (2, 1, 1)
    entries = json.loads((tmp_path / batch.MANIFEST).read_text())["items"]
    assert [e["status"] for e in entries] == ["ok", "error", "ok"]
    assert entries[0] == first[0] and entries[2]["file"].startswith("0002_renamed_")
    for gone in first[1:]:
        assert not (tmp_path / gone["file"]).exists(), gone["file"]
    assert pdf_names(tmp_path) == {e["file"] for e in entries if e["status"] == "ok"}

    # a manifest naming a file outside the folder never makes the runner touch it
    outside = tmp_path.parent / f"{tmp_path.name}-outside.pdf"
    outside.write_bytes(b"%PDF-keep")
    data = json.loads((tmp_path / batch.MANIFEST).read_text())
    data["items"][2]["file"] = f"../{outside.name}"
    (tmp_path / batch.MANIFEST).write_text(json.dumps(data))
    batch.run_to_directory(batch.items_from_json({"items": raws[:1]}), tmp_path, runtime=runtime)
    assert outside.read_bytes() == b"%PDF-keep"
    assert (tmp_path / entries[0]["file"]).exists()  # reused, not rewritten


def test_an_item_that_is_not_an_object_is_reported_without_building_a_runtime(runtime):
    script = ("import json; from service import batch, runtime; built = [];"
              " init = runtime.Runtime.__init__;"
              " runtime.Runtime.__init__ = lambda self, *a, **k: built.append(1) or init(self, *a, **k);"
              " r = batch.post_item(batch.BatchItem(index=0, raw=[1, 2]), 'http://127.0.0.1:9');"
              " print(json.dumps({'built': bool(built), 'problem': r.problem}))")
    proc = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=60, check=True)
    answer = json.loads(proc.stdout)
    assert answer["built"] is False  # nothing sent, nothing rendered: no seal, no fonts
    local = batch.run_item(batch.BatchItem(index=0, raw=[1, 2]), runtime)
    assert answer["problem"] == local.problem
    assert local.problem["status"] == 422 and local.problem["title_fr"] == "Dossier invalide"
    assert [(e["path"], e["code"]) for e in local.problem["errors"]] == [("$", "invalid_type")]


def test_bug_and_unreachable_service_problems_carry_the_shared_french_titles(tmp_path: Path):
    assert batch.bug_problem("x") == {"type": "about:blank", "title": "Internal Server Error",
                                      "status": 500, "detail": "x", "title_fr": "Erreur interne",
                                      "errors": []}
    items = batch.items_from_json({"items": [good_item(0)]})
    problem = batch.post_item(items[0], "http://127.0.0.1:9").problem
    assert problem is not None and problem["status"] == 503
    assert problem["title_fr"] == "Service momentanément indisponible"


def test_no_item_runs_in_the_parent_process(runtime, tmp_path: Path):
    """Even a one-item batch with jobs=1 renders in a worker process: the parent only warms
    its runtime with the service's synthetic case, so an item that kills its process can never
    take the command down with it."""
    import os

    items = batch.items_from_json({"items": [good_item(0)]})
    stats = batch.run_to_directory(items, tmp_path, jobs=1, runtime=runtime)
    assert stats.ok == 1
    assert len(stats.workers) == 1 and os.getpid() not in stats.workers
