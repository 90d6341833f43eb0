"""Per-process resources, built once per worker: renderer (fonts, CSS), signer (key), limits."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any

from service.config import Settings
from service.pdf.render import Renderer
from service.pdf.sign import SealSigner

# Rendering a letter allocates a few hundred thousand short-lived objects. With Python's default
# gen0 threshold (700) the collector ran ~110 times per document and took ~24 ms of a ~185 ms
# letter, its full collections walking every font and stylesheet object each time. Measured
# (55 letters, one core): 10 000 brings it down to ~7 ms for +4 MiB of peak memory.
GC_THRESHOLD = (10_000, 10, 10)


def tune_gc() -> None:
    """Collect what start-up left, move what remains (fonts, stylesheets, templates, the seal
    key: alive for the whole process) out of every later collection, raise gen0's threshold.
    Forked workers (gunicorn --preload, the batch's processes) inherit all three."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


class Runtime:
    """Built from :class:`Settings` (the defaults when none are given); reads no environment."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else Settings()
        self.renderer = Renderer(max_pages=self.settings.max_document_pages,
                                 timeout_s=self.settings.render_timeout_s)
        self.signer = SealSigner.from_settings(self.settings.signing)
        from service.pdf.bundle import load_stamp_font

        load_stamp_font()  # the pièce stamp font, once per worker
        self.evidence_limits = self.settings.evidence
        self.warm_up_check: dict[str, Any] | None = None  # set by service.warmup
        tune_gc()

    def readiness(self, kinds: Iterable[str]) -> dict[str, dict[str, Any]]:
        """``kinds``: the document kinds the caller serves (the runtime knows no registry)."""
        from service.pdf.cerfa_maps import available_forms

        checks: dict[str, dict[str, Any]] = {}
        checks["fonts"] = {"status": "ok" if self.renderer.fetcher.allowed else "error",
                           "count": sum(1 for k in self.renderer.fetcher.allowed
                                        if k.startswith("fonts/"))}
        checks["templates"] = {"status": "ok", "kinds": sorted(kinds)}
        try:
            # the official forms installed in forms/cerfa (none: the requête is free-form)
            checks["cerfa"] = {"status": "ok", "forms": sorted(available_forms())}
        except Exception as exc:  # readiness reports, never raises
            checks["cerfa"] = {"status": "error", "error": type(exc).__name__}
        checks["signing_key"] = {"status": "ok", **self.signer.describe()}
        if self.warm_up_check is not None:
            checks["warm_up"] = self.warm_up_check
        return checks

