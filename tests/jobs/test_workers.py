"""Jobs on the real parts: redis-server, two ``recouvre worker`` processes, one of them
killed (SIGKILL, the whole process group, as a machine dying) in the middle of a job."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from pathlib import Path

from tests.jobs.conftest import Worker, item, job_settings, jobs_client, ndjson, wait_done


def test_a_killed_worker_loses_nothing_and_no_item_is_written_twice(runtime, redis_url,
                                                                    workers, tmp_path: Path):
    settings = job_settings(tmp_path, redis_url, visibility_timeout_s=5, restore_interval_s=1)
    victim = Worker(settings, tmp_path / "a.log")
    survivor = Worker(settings, tmp_path / "b.log")
    workers += [victim, survivor]
    victim.wait_ready()
    survivor.wait_ready()
    client = jobs_client(runtime, settings)
    r = client.post("/v1/jobs", data=ndjson([item(i, sign=i % 10 == 0) for i in range(40)]),
                    content_type="application/x-ndjson")
    assert r.status_code == 202, r.json
    job_id = r.json["id"]
    job_dir = settings.store / job_id

    def held_by(worker: Worker, after: int) -> tuple[int, int]:
        """(item, pool process) of an item the worker has in hand, once ``after`` are done."""
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, "the worker never took an item"
            if len(os.listdir(job_dir / "results")) >= after:
                pids = worker.pids() - {worker.pid}
                for name in os.listdir(job_dir / "inflight"):
                    try:
                        _, pid = (job_dir / "inflight" / name).read_text().split()
                    except (OSError, ValueError):
                        continue
                    if int(pid) in pids:
                        return int(name), int(pid)
            time.sleep(0.01)

    # one pool process of the survivor dies (its worker lives): the task goes back at once
    held_b, child = held_by(survivor, after=4)
    os.kill(child, signal.SIGKILL)
    # then the whole victim dies, as its machine would: Redis gives its task to the survivor
    held_a, _ = held_by(victim, after=10)
    victim.kill()
    assert victim.pids() == set()

    status = wait_done(client, job_id, timeout=90)
    assert status["status"] == "done", status
    assert (status["items"], status["done"], status["failed"]) == (40, 40, 0)

    manifest = client.get(f"/v1/jobs/{job_id}/manifest").json
    entries = manifest["items"]
    assert [e["index"] for e in entries] == list(range(40))  # every item, once, in order
    assert all(e["status"] == "ok" for e in entries)
    assert entries[held_a]["status"] == entries[held_b]["status"] == "ok"  # done again
    files = sorted(os.listdir(job_dir / "documents"))
    assert files == sorted(e["file"] for e in entries)  # one document each, no leftovers
    for e in entries:
        data = (job_dir / "documents" / e["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"]
        assert data.startswith(b"%PDF-")
    assert sorted(os.listdir(job_dir / "results")) == [f"{i:07d}.ok.json" for i in range(40)]
    assert os.listdir(job_dir / "inflight") == []
    signed = [e["index"] for e in entries
              if b"/ByteRange" in (job_dir / "documents" / e["file"]).read_bytes()]
    assert signed == [0, 10, 20, 30]
    assert survivor.proc.poll() is None
    for worker in (victim, survivor):  # each warmed once, before forking its pool
        assert worker.log.read_text().count("warm: {'status': 'ok'") == 1


def test_a_full_queue_is_a_429_with_retry_after_and_nothing_is_kept(runtime, redis_url,
                                                                    tmp_path: Path):
    settings = job_settings(tmp_path, redis_url, max_queue_length=3, retry_after_s=7)
    client = jobs_client(runtime, settings)  # no worker: the queue only fills
    r = client.post("/v1/jobs", data=ndjson([item(i) for i in range(3)]),
                    content_type="application/x-ndjson")
    assert r.status_code == 202
    r = client.post("/v1/jobs", data=ndjson([item(9)]), content_type="application/x-ndjson")
    assert r.status_code == 429 and r.mimetype == "application/problem+json"
    assert r.headers["Retry-After"] == "7"
    assert r.json["code"] == "queue_full" and "RECOUVRE_MAX_QUEUE_LENGTH" in r.json["detail"]
    assert r.json["title_fr"] == "Trop de requêtes" and r.json["detail_fr"]
    jobs = [p for p in settings.store.iterdir() if not p.name.startswith(("_", "."))]
    assert len(jobs) == 1  # the refused job left nothing behind


def test_a_job_that_would_overfill_the_queue_is_refused_whole(runtime, redis_url,
                                                              tmp_path: Path):
    settings = job_settings(tmp_path, redis_url, max_queue_length=5)
    client = jobs_client(runtime, settings)
    assert client.post("/v1/jobs", data=ndjson([item(i) for i in range(3)]),
                       content_type="application/x-ndjson").status_code == 202
    r = client.post("/v1/jobs", data=ndjson([item(i) for i in range(3)]),
                    content_type="application/x-ndjson")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "3 task(s)" in r.json["detail"]


def test_an_unreachable_broker_is_a_503_with_retry_after(runtime, tmp_path: Path):
    from tests.jobs.conftest import free_port

    settings = job_settings(tmp_path, f"redis://127.0.0.1:{free_port()}/0")
    client = jobs_client(runtime, settings)
    r = client.post("/v1/jobs", data=ndjson([item(0)]), content_type="application/x-ndjson")
    assert r.status_code == 503 and r.headers["Retry-After"]
    assert r.json["code"] == "queue_unavailable"
    assert json.dumps(r.json).find("redis://") < 0  # the broker's address is not told
