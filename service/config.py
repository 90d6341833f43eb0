"""Configuration, read once from the environment (the only place that reads it)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key)
    return int(raw) if raw not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    max_body_bytes: int = 64 * 1024 * 1024
    max_batch_items: int = 500
    max_document_pages: int = 60
    render_timeout_s: int = 30
    # a POST /v1/batch stops starting new items after this many seconds and reports the rest
    # as errors to resubmit; keep it below the server's worker timeout (gunicorn --timeout 300)
    # minus one render timeout, so that the manifest is always written
    batch_time_budget_s: int = 240
    api_keys: frozenset[str] = frozenset()
    signer_name: str | None = None
    # render and seal one letter at start-up (service.warmup): workers fork warm
    warm_up: bool = True
    # POST /v1/cases/from-invoices: files per request, bytes per file, rows per CSV
    intake_max_files: int = 50
    intake_max_file_bytes: int = 10 * 1024 * 1024
    intake_max_rows: int = 5000

    @classmethod
    def from_environ(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        raw_keys = env.get("RECOUVRE_API_KEYS", "").split(",")
        keys = frozenset(k.strip() for k in raw_keys if k.strip())
        return cls(
            max_body_bytes=_int(env, "RECOUVRE_MAX_BODY_BYTES", cls.max_body_bytes),
            max_batch_items=_int(env, "RECOUVRE_MAX_BATCH_ITEMS", cls.max_batch_items),
            max_document_pages=_int(env, "RECOUVRE_MAX_DOCUMENT_PAGES", cls.max_document_pages),
            render_timeout_s=_int(env, "RECOUVRE_RENDER_TIMEOUT_S", cls.render_timeout_s),
            batch_time_budget_s=_int(env, "RECOUVRE_BATCH_TIME_BUDGET_S",
                                     cls.batch_time_budget_s),
            api_keys=keys,
            signer_name=env.get("RECOUVRE_SIGNER_NAME") or None,
            warm_up=env.get("RECOUVRE_WARM_UP", "1").strip().lower() not in ("0", "false", "no"),
            intake_max_files=_int(env, "RECOUVRE_INTAKE_MAX_FILES", cls.intake_max_files),
            intake_max_file_bytes=_int(env, "RECOUVRE_INTAKE_MAX_FILE_BYTES",
                                       cls.intake_max_file_bytes),
            intake_max_rows=_int(env, "RECOUVRE_INTAKE_MAX_ROWS", cls.intake_max_rows),
        )

    def __repr__(self) -> str:  # never print API keys
        return (f"Settings(max_body_bytes={self.max_body_bytes}, max_batch_items="
                f"{self.max_batch_items}, api_keys=<{len(self.api_keys)} configured>)")
