"""/v1/jobs without workers: what is refused before anything is queued, idempotency keys,
cancellation, reading a job; the items are run here through the task's own function."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.batch import MANIFEST
from service.jobs import tasks
from service.jobs.settings import JobSettings
from service.jobs.store import JobStore
from service.jobs.submit import hold_worker_lock
from service.jobs.worker import queued_items
from tests.factories import copy_raw, example_raw
from tests.jobs.conftest import item, job_settings, jobs_client, ndjson


class Retry(Exception):
    pass


class FakeTask:
    """What the task function reads of Celery's task: its retry count, and retry()."""

    def __init__(self, retries: int = 0) -> None:
        self.request = type("Request", (), {"retries": retries})()
        self.retried: list[dict[str, Any]] = []

    def retry(self, **kwargs: Any) -> Exception:
        self.retried.append(kwargs)
        return Retry()


@pytest.fixture()
def embedded(tmp_path: Path) -> Iterator[JobSettings]:
    settings = job_settings(tmp_path, max_items=50)
    with hold_worker_lock(settings):  # a live embedded worker, as far as the API can tell
        yield settings


@pytest.fixture()
def client(runtime, embedded):
    return jobs_client(runtime, embedded)


def run_all(settings: JobSettings, job_id: str, task: FakeTask | None = None) -> None:
    job = JobStore(settings.store).job(job_id)
    assert job is not None
    refs = [ref.as_list() for ref, _, _ in job.refs()]
    tasks.run_items(task or FakeTask(), settings, job_id, refs)


def bad_case_item(i: int) -> dict[str, Any]:
    raw = copy_raw(example_raw())
    raw["invoices"][1]["due_date"] = "2020-01-01"
    return {"id": f"case-{i}", "kind": "relance", "case": raw, "options": {"sign": False, "level": 1}}


def test_a_json_job_runs_to_a_zip_with_the_batch_manifest(client, embedded):
    body = {"items": [item(0), bad_case_item(1), item(2, kind="relance"), [1, 2]]}
    r = client.post("/v1/jobs", data=json.dumps(body, default=str),
                    content_type="application/json")
    assert r.status_code == 202 and r.headers["Location"] == f"/v1/jobs/{r.json['id']}"
    job_id = r.json["id"]
    assert (r.json["status"], r.json["items"], r.json["done"]) == ("queued", 4, 0)
    assert {ref[1] for ref in queued_items(embedded)} == {0, 1, 2, 3}
    r = client.get(f"/v1/jobs/{job_id}/result")
    assert r.status_code == 409 and r.headers["Retry-After"] and r.json["code"] == "job_not_done"
    run_all(embedded, job_id)
    status = client.get(f"/v1/jobs/{job_id}").json
    assert (status["status"], status["done"], status["failed"]) == ("done", 4, 2)
    assert status["started"] and status["finished"]
    r = client.get(f"/v1/jobs/{job_id}/result")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.get_data()))
    manifest = json.loads(archive.read(MANIFEST))
    assert list(manifest) == ["version", "complete", "created", "summary", "job", "items"]
    assert manifest["complete"] is True
    assert manifest["summary"] == {"total": 4, "ok": 2, "error": 2}
    entries = manifest["items"]
    assert [e["status"] for e in entries] == ["ok", "error", "ok", "error"]
    assert [x["path"] for x in entries[1]["problem"]["errors"]] == ["case.invoices[1].due_date"]
    assert entries[3]["problem"]["errors"][0]["path"] == "$"
    assert sorted(archive.namelist()) == sorted([entries[0]["file"], entries[2]["file"],
                                                 MANIFEST])
    # one document, by the item's id or its index; a failed item answers its problem
    r = client.get(f"/v1/jobs/{job_id}/documents/case-0")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["X-Recouvre-Sha256"] == entries[0]["sha256"]
    assert r.get_data() == archive.read(entries[0]["file"])
    assert client.get(f"/v1/jobs/{job_id}/documents/2").get_data() == \
        archive.read(entries[2]["file"])
    r = client.get(f"/v1/jobs/{job_id}/documents/case-1")
    assert r.status_code == 422 and r.mimetype == "application/problem+json"
    assert r.json["errors"][0]["path"] == "case.invoices[1].due_date"
    r = client.get(f"/v1/jobs/{job_id}/documents/nope")
    assert r.status_code == 404 and r.json["title_fr"] == "Ressource introuvable"
    # schemathesis found it: « ³ » is a digit to str.isdigit(), not to int() (was a 500)
    r = client.get(f"/v1/jobs/{job_id}/documents/%C2%B3")
    assert r.status_code == 404
    # done: nothing to cancel
    r = client.delete(f"/v1/jobs/{job_id}")
    assert r.status_code == 409 and r.json["code"] == "job_finished"


def test_ndjson_lines_that_are_not_json_are_error_entries_at_once(client, embedded):
    r = client.post("/v1/jobs", data=ndjson([item(0), "{oops", "", item(2)]),
                    content_type="application/x-ndjson")
    assert r.status_code == 202 and r.json["items"] == 3
    job_id = r.json["id"]
    manifest = client.get(f"/v1/jobs/{job_id}/manifest").json
    assert manifest["complete"] is False
    assert [(e["index"], e["status"]) for e in manifest["items"]] == [(1, "error")]
    assert manifest["items"][0]["problem"]["status"] == 400
    assert manifest["items"][0]["problem"]["detail_fr"] == "Ligne 2 : JSON illisible."
    assert {ref[1] for ref in queued_items(embedded)} == {0, 2}  # the bad line is not queued


def test_a_redelivered_item_overwrites_its_own_files_and_adds_none(client, embedded):
    job_id = client.post("/v1/jobs", data=ndjson([item(0), item(1)]),
                         content_type="application/x-ndjson").json["id"]
    job_dir = embedded.store / job_id
    run_all(embedded, job_id)
    first = client.get(f"/v1/jobs/{job_id}/manifest").json["items"]
    files = sorted(os.listdir(job_dir / "documents"))
    stamp = {n: (job_dir / "documents" / n).stat().st_mtime_ns for n in files}
    run_all(embedded, job_id)  # delivered again after it ran: nothing generated again
    assert {n: (job_dir / "documents" / n).stat().st_mtime_ns for n in files} == stamp
    # a worker that died after writing the document, before the entry: generated again
    (job_dir / "results" / "0000001.ok.json").unlink()
    run_all(embedded, job_id)
    again = client.get(f"/v1/jobs/{job_id}/manifest").json["items"]
    assert sorted(os.listdir(job_dir / "documents")) == files
    assert [e["index"] for e in again] == [0, 1]
    assert again[1]["sha256"] == first[1]["sha256"]  # unsigned: the same bytes
    assert not [n for n in os.listdir(job_dir / "results") if n.startswith(".")]


def test_transient_failures_are_retried_a_422_never(client, embedded, monkeypatch):
    job_id = client.post("/v1/jobs", data=ndjson([bad_case_item(0), item(1)]),
                         content_type="application/x-ndjson").json["id"]
    real = tasks.run_item
    calls: list[int] = []

    def flaky(batch_item: Any, runtime: Any) -> Any:
        calls.append(batch_item.index)
        result = real(batch_item, runtime)
        if batch_item.index == 1:
            result.problem = {"status": 503, "title": "Service Unavailable", "errors": []}
        return result

    monkeypatch.setattr(tasks, "run_item", flaky)
    task = FakeTask(retries=0)
    with pytest.raises(Retry):
        run_all(embedded, job_id, task)
    assert calls == [0, 1]
    (retry,) = task.retried
    assert retry["countdown"] == 2 and [r[0] for r in retry["args"][1]] == [1]  # only item 1
    job = JobStore(embedded.store).job(job_id)
    assert job is not None and job.result(0)["problem"]["status"] == 422  # final at once
    assert job.result(1) is None
    # the last allowed try records the problem instead of retrying again
    tasks.run_items(FakeTask(retries=embedded.max_retries), embedded, job_id, retry["args"][1])
    assert job.result(1)["problem"]["status"] == 503
    assert calls == [0, 1, 1]


def test_an_item_whose_worker_keeps_dying_ends_as_an_error(client, embedded):
    job_id = client.post("/v1/jobs", data=ndjson([item(0)]),
                         content_type="application/x-ndjson").json["id"]
    inflight = embedded.store / job_id / "inflight" / "0"
    inflight.write_text(f"{embedded.max_deliveries} 1")  # started that many times, never ended
    run_all(embedded, job_id)
    entry = client.get(f"/v1/jobs/{job_id}/manifest").json["items"][0]
    assert entry["status"] == "error" and entry["problem"]["code"] == "worker_lost"
    assert entry["id"] == "case-0" and not inflight.exists()


def test_cancel_lists_the_items_not_started_as_cancelled(client, embedded):
    job_id = client.post("/v1/jobs", data=ndjson([item(i) for i in range(4)]),
                         content_type="application/x-ndjson").json["id"]
    job = JobStore(embedded.store).job(job_id)
    assert job is not None
    first = next(job.refs())[0]
    tasks.run_items(FakeTask(), embedded, job_id, [first.as_list()])
    r = client.delete(f"/v1/jobs/{job_id}")
    assert r.status_code == 200 and r.json["status"] == "cancelled"
    assert r.json["not_started"] == 3
    assert client.delete(f"/v1/jobs/{job_id}").status_code == 200  # twice: harmless
    run_all(embedded, job_id)  # the queued tasks arrive: none starts
    manifest = client.get(f"/v1/jobs/{job_id}/manifest").json
    assert manifest["complete"] is True
    assert manifest["summary"] == {"total": 4, "ok": 1, "error": 3}
    assert [e["status"] for e in manifest["items"]] == ["ok", "error", "error", "error"]
    assert {e["problem"]["code"] for e in manifest["items"][1:]} == {"job_cancelled"}
    assert [e["id"] for e in manifest["items"]] == [f"case-{i}" for i in range(4)]
    r = client.get(f"/v1/jobs/{job_id}/result")
    assert r.status_code == 200
    assert len(zipfile.ZipFile(io.BytesIO(r.get_data())).namelist()) == 2
    r = client.get(f"/v1/jobs/{job_id}/documents/case-3")
    assert r.status_code == 409 and r.json["code"] == "job_cancelled"


def test_the_same_idempotency_key_and_body_give_the_same_job(client, embedded):
    body = ndjson([item(0), item(1)])
    r1 = client.post("/v1/jobs", data=body, content_type="application/x-ndjson",
                     headers={"Idempotency-Key": "lot-2026-12-01"})
    r2 = client.post("/v1/jobs", data=body, content_type="application/x-ndjson",
                     headers={"Idempotency-Key": "lot-2026-12-01"})
    assert r1.status_code == r2.status_code == 202
    assert r1.json["id"] == r2.json["id"] and r2.headers["Idempotent-Replayed"] == "true"
    assert len(queued_items(embedded)) == 2  # queued once
    r3 = client.post("/v1/jobs", data=ndjson([item(0)]), content_type="application/x-ndjson",
                     headers={"Idempotency-Key": "lot-2026-12-01"})
    assert r3.status_code == 422
    assert r3.json["errors"][0] == {
        "path": "headers.Idempotency-Key", "code": "idempotency_key_reused",
        "message_fr": "Cette clé d'idempotence a déjà servi pour un autre corps de requête.",
        "message_en": "This idempotency key was already used with a different body."}
    # another client (another API key) has its own keys
    r4 = client.post("/v1/jobs", data=body, content_type="application/x-ndjson",
                     headers={"Idempotency-Key": "lot-2026-12-01", "X-API-Key": "other"})
    assert r4.status_code == 202 and r4.json["id"] != r1.json["id"]
    r5 = client.post("/v1/jobs", data=body, content_type="application/x-ndjson",
                     headers={"Idempotency-Key": "x" * 300})
    assert r5.status_code == 422
    assert r5.json["errors"][0]["code"] == "invalid_idempotency_key"


@pytest.mark.parametrize("body,ctype,status,paths", [
    (b"{", "application/json", 400, []),
    (b'{"items": [1,}', "application/json", 400, []),
    (b'{"items": "x", "extra": 1}', "application/json", 422, ["extra", "items"]),
    (b"[]", "application/json", 422, ["$"]),
    (b'{"items": []}', "application/json", 422, ["items"]),
    (b"\n\n", "application/x-ndjson", 422, ["items"]),
    (b"x", "text/plain", 415, []),
])
def test_a_bad_envelope_is_a_problem_and_queues_nothing(client, embedded, body, ctype, status,
                                                        paths):
    r = client.post("/v1/jobs", data=body, content_type=ctype)
    assert r.status_code == status and r.mimetype == "application/problem+json"
    assert sorted(e["path"] for e in r.json.get("errors", [])) == paths
    assert r.json["title_fr"]
    assert queued_items(embedded) == set()
    assert [p.name for p in embedded.store.iterdir() if not p.name.startswith("_")] == []


def test_too_many_items_is_a_413_before_the_rest_is_read(client, embedded):
    r = client.post("/v1/jobs", data=ndjson([item(0)] * 51), content_type="application/x-ndjson")
    assert r.status_code == 413 and r.json["errors"][0]["code"] == "too_many_items"
    assert "50" in r.json["detail"]
    assert queued_items(embedded) == set()


def test_a_body_past_the_job_size_limit_is_a_413(runtime, tmp_path: Path):
    settings = job_settings(tmp_path, max_body_bytes=20_000)
    with hold_worker_lock(settings):
        client = jobs_client(runtime, settings)
        r = client.post("/v1/jobs", data=ndjson([item(i) for i in range(10)]),
                        content_type="application/x-ndjson")
        assert r.status_code == 413 and r.mimetype == "application/problem+json"
        assert queued_items(settings) == set()
        assert [p.name for p in settings.store.iterdir() if not p.name.startswith("_")] == []


def test_without_a_running_embedded_worker_a_job_is_a_503(runtime, tmp_path: Path):
    client = jobs_client(runtime, job_settings(tmp_path))
    r = client.post("/v1/jobs", data=ndjson([item(0)]), content_type="application/x-ndjson")
    assert r.status_code == 503 and r.headers["Retry-After"]
    assert r.json["code"] == "no_worker" and "recouvre worker" in r.json["detail"]
    assert client.get("/v1/jobs/0123").status_code == 404
    assert client.get("/v1/jobs/" + "0" * 32 + "/manifest").status_code == 404


def test_retention_deletes_ended_jobs_and_their_keys(client, embedded):
    r = client.post("/v1/jobs", data=ndjson([item(0)]), content_type="application/x-ndjson",
                    headers={"Idempotency-Key": "k"})
    job_id = r.json["id"]
    store = JobStore(embedded.store)
    assert store.purge_expired(embedded.retention_s) == []
    import time

    assert store.purge_expired(60, now=time.time() + 120) == [job_id]
    assert client.get(f"/v1/jobs/{job_id}").status_code == 404
    assert os.listdir(embedded.store / "_idempotency") == []


def test_the_endpoints_are_in_the_openapi_document(client):
    spec = client.get("/openapi.json").json
    post = spec["paths"]["/v1/jobs"]["post"]
    assert {"202", "413", "415", "422", "429", "503"} <= set(post["responses"])
    assert "RECOUVRE_MAX_JOB_ITEMS" in post["description"]
    assert set(spec["paths"]["/v1/jobs/{job_id}"]) >= {"get", "delete"}
    for tail in ("manifest", "result", "documents/{item_id}"):
        assert f"/v1/jobs/{{job_id}}/{tail}" in spec["paths"]
