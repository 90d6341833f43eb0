"""``recouvre batch --jobs-url URL``: submit an items file to a running service's /v1/jobs,
follow the job with the progress bar, and unpack its ZIP into the output directory (the same
files and ``manifest.json`` as a local run).

The items file is sent as it is, streamed from disk. Its SHA-256 is the ``Idempotency-Key``:
running the same command again (after a Ctrl-C, a lost connection) follows the same job
instead of submitting a second one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from service.batch import MANIFEST, ProgressSink


class JobFailed(Exception):
    """The service refused the job or could not be reached (the message says why)."""


@dataclass
class JobRun:
    job_id: str
    status: dict[str, Any]
    entries: list[dict[str, Any]]
    seconds: float


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def media_type(path: Path) -> str:
    """NDJSON unless the file is the ``{"items": [...]}`` form (its first non-blank line is
    not a complete JSON object without ``items``)."""
    with path.open("rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                first = json.loads(line)
            except ValueError:
                return "application/json" if line.strip().startswith(b"{") and \
                    b"items" in line else "application/x-ndjson"
            return "application/json" if isinstance(first, dict) and "items" in first \
                and "case" not in first else "application/x-ndjson"
    return "application/x-ndjson"


class Client:
    def __init__(self, base_url: str, api_key: str | None = None, timeout_s: float = 60) -> None:
        self.base = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout_s = timeout_s

    def _request(self, method: str, path: str, data: Any = None,
                 headers: dict[str, str] | None = None) -> Any:
        all_headers = {"Accept": "application/json", **(headers or {})}
        if self.api_key:
            all_headers["X-API-Key"] = self.api_key
        req = urllib.request.Request(self.base + path, data=data, headers=all_headers,
                                     method=method)
        return urllib.request.urlopen(req, timeout=self.timeout_s)

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            with self._request(method, path, **kwargs) as resp:
                return dict(json.loads(resp.read()))
        except urllib.error.HTTPError as exc:
            raise JobFailed(_describe(exc)) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise JobFailed(f"{self.base}{path}: {exc}") from None

    def submit(self, path: Path) -> dict[str, Any]:
        """POST the file; a 429/503 is waited out (its Retry-After), up to ten times."""
        key = _sha256(path)
        size = path.stat().st_size
        for _attempt in range(10):
            with path.open("rb") as body:
                try:
                    with self._request("POST", "/v1/jobs", data=body, headers={
                            "Content-Type": media_type(path), "Content-Length": str(size),
                            "Idempotency-Key": f"recouvre-batch-{key}"}) as resp:
                        return dict(json.loads(resp.read()))
                except urllib.error.HTTPError as exc:
                    if exc.code in (429, 503) and exc.headers.get("Retry-After"):
                        wait = min(float(exc.headers["Retry-After"]), 60.0)
                        exc.close()
                        time.sleep(wait)
                        continue
                    raise JobFailed(_describe(exc)) from None
                except (urllib.error.URLError, OSError) as exc:
                    raise JobFailed(f"{self.base}/v1/jobs: {exc}") from None
        raise JobFailed(f"{self.base}/v1/jobs: still busy after ten tries")

    def status(self, job_id: str) -> dict[str, Any]:
        return self._json("GET", f"/v1/jobs/{job_id}")

    def download(self, job_id: str, out: IO[bytes]) -> None:
        try:
            with self._request("GET", f"/v1/jobs/{job_id}/result",
                               headers={"Accept": "application/zip"}) as resp:
                shutil.copyfileobj(resp, out, 1 << 20)
        except urllib.error.HTTPError as exc:
            raise JobFailed(_describe(exc)) from None
        except (urllib.error.URLError, OSError) as exc:
            raise JobFailed(f"{self.base}/v1/jobs/{job_id}/result: {exc}") from None


def _describe(exc: urllib.error.HTTPError) -> str:
    try:
        problem = json.loads(exc.read())
    except ValueError:
        problem = {}
    finally:
        exc.close()
    where = "; ".join(f"{e.get('path')}: {e.get('message_en')}"
                      for e in problem.get("errors", [])[:5])
    return (f"{exc.code} {problem.get('title') or exc.reason}: {problem.get('detail', '')}"
            + (f" — {where}" if where else ""))


def run_job(path: Path, out_dir: Path, base_url: str, *, api_key: str | None = None,
            progress: Callable[[int], ProgressSink] | None = None,
            poll_s: float = 0.5) -> JobRun:
    """Submit, follow, unpack. Files of the output directory not in the job's manifest are
    left alone; the job's documents and ``manifest.json`` replace any of the same name.
    ``progress`` makes the bar for the job's item count (``service.cli.Progress``)."""
    started = time.monotonic()
    client = Client(base_url, api_key)
    status = client.submit(path)
    job_id = str(status["id"])
    bar = progress(int(status["items"])) if progress is not None else _NoProgress()
    shown = 0
    while status["status"] not in ("done", "cancelled"):
        time.sleep(poll_s)
        status = client.status(job_id)
        if status["done"] > shown:
            bar.advance(status["done"] - shown)
            shown = status["done"]
        poll_s = min(poll_s * 1.2, 5.0)
    bar.advance(status["done"] - shown)
    bar.draw(final=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=out_dir) as tmp:
        client.download(job_id, tmp)
        tmp.seek(0)
        with zipfile.ZipFile(tmp) as archive:
            for name in archive.namelist():
                if "/" in name or "\\" in name or name.startswith("."):
                    continue  # the service sanitises names; never trust it blindly
                target = out_dir / name
                with archive.open(name) as src, tempfile.NamedTemporaryFile(
                        dir=out_dir, prefix=f".{name}.", delete=False) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                Path(dst.name).replace(target)
    manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    return JobRun(job_id=job_id, status=status, entries=list(manifest.get("items", [])),
                  seconds=time.monotonic() - started)


class _NoProgress:
    def skip(self, n: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def draw(self, final: bool = False) -> None:
        pass
