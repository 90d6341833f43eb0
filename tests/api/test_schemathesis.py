"""schemathesis with every check against the real service (as `make run` serves it: gunicorn, 2
workers, under `recouvre embedded` with one job worker; loopback), on a
bounded budget: the OpenAPI document tells the truth about what the service answers.

Longer runs by hand (README, "Contract fuzzing"):
``RECOUVRE_ST_FULL=1 RECOUVRE_ST_MAX_EXAMPLES=200 pytest tests/api/test_schemathesis.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.api.live import ROOT, gunicorn

HERE = Path(__file__).parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


# The coverage phase walks every boundary of the Case schema: ~150 s per operation taking a
# case, mostly spent generating. In `make test` it runs on the other operations; the full
# coverage is the long run by hand (RECOUVRE_ST_FULL=1).
# a batch on a busy machine can take minutes: the server's own bound is its worker timeout
CASE_OPERATIONS = "^/v1/(documents/|decompte|validate)"


def _schemathesis(url: str, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCHEMATHESIS), "--config-file", str(HERE / "schemathesis.toml"), "run",
         f"{url}/openapi.json", "--workers", "2",
         "--seed", os.environ.get("RECOUVRE_ST_SEED", "20261201"),
         "--request-timeout", "300", "--no-color", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.st_hooks"})


def test_schemathesis_every_check_passes(tmp_path):
    max_examples = os.environ.get("RECOUVRE_ST_MAX_EXAMPLES", "10")
    full = os.environ.get("RECOUVRE_ST_FULL") == "1"
    # served as `make run` serves it: gunicorn under `recouvre embedded`, one job worker beside
    with gunicorn(tmp_path, workers=2, job_workers=1) as server:
        runs = [_schemathesis(server.url, "--phases", "examples,fuzzing",
                              "--max-examples", max_examples)]
        coverage = ["--phases", "coverage"]
        if not full:
            coverage += ["--exclude-path-regex", CASE_OPERATIONS]
        runs.append(_schemathesis(server.url, *coverage, "--max-examples", max_examples,
                                  timeout=3600 if full else 600))
        log = server.log.read_text(errors="replace")
    for run in runs:
        assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-3000:]
        assert " passed" in run.stdout and "generated" in run.stdout, run.stdout[-3000:]
    assert "unhandled error" not in log, log[-5000:]
