"""Operations on a real gunicorn (gunicorn.conf.py, 2 workers): one /metrics scrape counts every
worker, logs are JSON lines carrying the request ID, SIGTERM lets a request in progress end."""

from __future__ import annotations

import json
import re
import signal
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.api.live import gunicorn
from tests.factories import example_raw

N_DECOMPTES = 40
N_DOCUMENTS = 4


def _post(url: str, body: dict, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=json.dumps(body, default=str).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          "Connection": "close", **(headers or {})})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, dict(r.headers), r.read()


def _metric(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        m = re.match(rf"{re.escape(name)}(\{{(.*)\}})? (\S+)$", line)
        if not m:
            continue
        got = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        if all(got.get(k) == v for k, v in labels.items()):
            total += float(m.group(3))
    return total


def test_a_scrape_counts_the_requests_of_every_worker(tmp_path):
    with gunicorn(tmp_path, workers=2) as server:
        workers = server.worker_pids()
        assert len(workers) == 2
        case = {"case": example_raw()}
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: _post(server.url + "/v1/decompte", case),
                                    range(N_DECOMPTES)))
            docs = list(pool.map(lambda _: _post(server.url + "/v1/documents/mise_en_demeure",
                                                 case), range(N_DOCUMENTS)))
        assert all(status == 200 for status, _, _ in answers + docs)
        # both workers served some: each wrote its own value files
        writers = {int(p.stem.rsplit("_", 1)[1]) for p in server.metrics_dir.glob("*.db")}
        assert workers <= writers, (workers, writers)
        text = urllib.request.urlopen(server.url + "/metrics", timeout=30).read().decode()
        second = urllib.request.urlopen(server.url + "/metrics", timeout=30).read().decode()

    for scrape in (text, second):  # whichever worker answers the scrape, the sums are the same
        assert _metric(scrape, "recouvre_http_requests_total", endpoint="/v1/decompte",
                       status="200") == N_DECOMPTES
        assert _metric(scrape, "recouvre_documents_total", kind="mise_en_demeure") == N_DOCUMENTS
        assert _metric(scrape, "recouvre_seals_total") == N_DOCUMENTS  # the warm-up: not counted
        assert _metric(scrape, "recouvre_renders_total") == N_DOCUMENTS
        assert _metric(scrape, "recouvre_document_pages_total") >= 2 * N_DOCUMENTS
        assert _metric(scrape, "recouvre_document_duration_seconds_count") == N_DOCUMENTS
        assert _metric(scrape, "recouvre_seal_duration_seconds_bucket", le="+Inf") == N_DOCUMENTS
        assert _metric(scrape, "recouvre_documents_in_flight") == 0
    assert "# TYPE recouvre_document_duration_seconds histogram" in text


def test_logs_are_json_lines_with_the_request_id_and_sigterm_is_graceful(tmp_path):
    with gunicorn(tmp_path, workers=1) as server:
        status, headers, _ = _post(server.url + "/v1/decompte", {"case": example_raw()},
                                   {"X-Request-ID": "trace-42"})
        assert status == 200 and headers["X-Request-ID"] == "trace-42"
        # a document in progress when SIGTERM arrives is still answered
        result: dict = {}

        def slow() -> None:
            result["status"] = _post(server.url + "/v1/documents/assignation",
                                     {"case": example_raw()})[0]

        thread = threading.Thread(target=slow)
        thread.start()
        threading.Event().wait(0.3)
        server.process.send_signal(signal.SIGTERM)
        thread.join(60)
        assert result.get("status") == 200
        assert server.process.wait(60) == 0
        lines = server.log.read_text().splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(records) == len([line for line in lines if line.strip()]), lines[:20]
    access = [r for r in records if r["logger"] == "recouvre.access"
              and r.get("request_id") == "trace-42"]
    assert access and access[0]["path"] == "/v1/decompte" and access[0]["status"] == 200
    assert any("Shutting down" in r["message"] or "Handling signal" in r["message"]
               for r in records)
