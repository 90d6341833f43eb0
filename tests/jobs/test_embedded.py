"""The embedded default: no broker, ``recouvre serve`` (what ``make run`` runs) alone serves
/v1/jobs with its own worker; ``recouvre batch --jobs-url`` submits to it and follows; a
worker killed mid-job is restarted and the items it lost are queued again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.jobs.conftest import ROOT, free_port, item, ndjson, recouvre_command


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] not in ("Z", "X"):
                out.append(int(entry))
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One ``recouvre serve`` for the module (its start-up is the slow part)."""
    tmp_path = tmp_path_factory.mktemp("embedded")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOUVRE_")}
    env.update(RECOUVRE_JOB_STORE=str(tmp_path / "store"), RECOUVRE_EMBEDDED_WORKERS="1",
               RECOUVRE_JOB_RETRY_AFTER_S="1", PYTHONPATH=str(ROOT))
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([*recouvre_command(), "serve", "--host", "127.0.0.1", "--port",
                             str(port), "--workers", "1"], env=env, cwd=ROOT, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            _get(url + "/healthz")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((tmp_path / "serve.log").read_text()[-3000:]) from None
            time.sleep(0.2)
    try:
        yield {"url": url, "proc": proc, "env": env, "store": tmp_path / "store"}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        assert _children(proc.pid) == []


def test_make_run_alone_serves_jobs_and_batch_follows_them(service, tmp_path: Path):
    items = tmp_path / "items.ndjson"
    items.write_bytes(ndjson([item(0), item(1, kind="relance"), "{not json", item(3)]))
    out = tmp_path / "out"
    cmd = [*recouvre_command(), "batch", str(items), "-o", str(out), "--jobs-url",
           service["url"]]
    run = subprocess.run(cmd, env=service["env"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1, run.stderr  # one item in error
    assert "4 item(s): 3 ok, 1 error(s)" in run.stdout
    assert "item 2 (-, -): 400" in run.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["job"]["status"] == "done"
    assert [e["status"] for e in manifest["items"]] == ["ok", "ok", "error", "ok"]
    pdfs = sorted(p.name for p in out.iterdir() if p.suffix == ".pdf")
    assert pdfs == sorted(e["file"] for e in manifest["items"] if e["status"] == "ok")
    job_id = run.stdout.split()[1].rstrip(":")
    # the same command again follows the same job (the file's hash is the idempotency key)
    again = subprocess.run(cmd, env=service["env"], cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    assert again.stdout.split()[1].rstrip(":") == job_id
    assert again.returncode == 1
    assert job_id in {p.name for p in service["store"].iterdir()}


def test_an_embedded_worker_killed_mid_job_is_restarted_and_nothing_is_lost(service):
    body = ndjson([item(i) for i in range(12)])
    req = urllib.request.Request(service["url"] + "/v1/jobs", data=body, method="POST",
                                 headers={"Content-Type": "application/x-ndjson"})
    deadline = time.monotonic() + 60
    while True:  # the embedded worker may still be starting: 503 with Retry-After
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                job = json.loads(resp.read())
            break
        except urllib.error.HTTPError as exc:
            assert exc.code == 503 and time.monotonic() < deadline
            time.sleep(float(exc.headers["Retry-After"]))
    job_dir = service["store"] / job["id"]
    while len(os.listdir(job_dir / "results")) < 3:
        assert time.monotonic() < deadline + 30
        time.sleep(0.05)
    (worker,) = [p for p in _children(service["proc"].pid) if " worker " in _cmdline(p)]
    pool = _children(worker)
    for pid in [worker, *pool]:
        os.kill(pid, signal.SIGKILL)
    status: dict[str, Any] = {}
    while status.get("status") != "done":
        assert time.monotonic() < deadline + 90, status
        time.sleep(0.3)
        status = _get(f"{service['url']}/v1/jobs/{job['id']}")
    assert (status["done"], status["failed"]) == (12, 0)
    manifest = _get(f"{service['url']}/v1/jobs/{job['id']}/manifest")
    assert [e["index"] for e in manifest["items"]] == list(range(12))
    assert sorted(os.listdir(job_dir / "documents")) == sorted(e["file"]
                                                                for e in manifest["items"])
    assert worker not in _children(service["proc"].pid)  # a new worker took over
