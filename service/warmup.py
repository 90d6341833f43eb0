"""One letter rendered and sealed when the service starts, before gunicorn forks its workers.

The first document a fresh process renders costs about 200 ms more than the next ones (lazy
imports, template compilation, font loading in Pango and HarfBuzz, pyHanko's first signature).
With ``gunicorn --preload`` the application is created in the master: rendering one letter there
means every worker — and every worker recycled by ``--max-requests`` — forks warm and answers
its first request in the usual time. The objects it leaves behind are frozen out of the garbage
collector, as the runtime's own (:func:`service.runtime.tune_gc`).

It doubles as a start-up self-test: its outcome is a readiness check (``/readyz``), so a
broken template or stylesheet makes the instance unready instead of failing every request.
The batch command warms its runtime the same way before forking its workers, so that no item
of the batch ever runs in the parent process.
The synthetic case (``warmup_case.json``) has a fixed ``as_of`` that the legal data covers.
"""

from __future__ import annotations

import gc
import json
import logging
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from service import metrics
from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import get_kind
from service.runtime import Runtime

log = logging.getLogger("recouvre.warmup")

CASE = Path(__file__).with_name("warmup_case.json")
KIND = "mise_en_demeure"


def warm_up(runtime: Runtime) -> dict[str, Any]:
    """Render and seal one mise en demeure, once per runtime; the outcome is kept as
    ``runtime.warm_up_check`` (a failure stays reported until the process restarts)."""
    if runtime.warm_up_check is not None:
        return runtime.warm_up_check
    started = time.perf_counter()
    try:
        raw = json.loads(CASE.read_text(encoding="utf-8"), parse_float=Decimal)
        case, options = load_request({"case": raw, "options": {}}, get_kind(KIND))
        with metrics.not_counted():  # not a document anyone asked for
            document = generate(KIND, case, options, runtime)
        check: dict[str, Any] = {"status": "ok", "kind": KIND, "pages": document.pages,
                                 "ms": round((time.perf_counter() - started) * 1000)}
    except Exception as exc:  # reported by /readyz, never a crash at start-up
        log.exception("start-up warm-up render failed")
        check = {"status": "error", "kind": KIND, "error": type(exc).__name__}
    runtime.warm_up_check = check
    gc.collect()
    gc.freeze()  # what the warm-up cached stays out of the workers' collections
    return check
