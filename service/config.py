"""Configuration, read once from the environment (the only place that reads it).

:meth:`Settings.from_environ` builds one frozen :class:`Settings`, which nests the signing
settings and the evidence limits; the app factory, the runtime and the command line take it
and hand its parts down. Nothing else reads ``RECOUVRE_*`` variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

MiB = 1024 * 1024


def _raw(env: Mapping[str, str], key: str) -> str:
    return (env.get(key) or "").strip()


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    """A positive integer; unset or empty keeps the default. Anything else is a deployment
    error (``ValueError`` naming the variable)."""
    raw = _raw(env, key)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{key} must be a positive integer, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{key} must be positive, got {raw!r}")
    return value


def _float(env: Mapping[str, str], key: str, default: float) -> float:
    raw = _raw(env, key)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{key} must be a positive number, got {raw!r}") from None
    if not value > 0 or value == float("inf"):
        raise ValueError(f"{key} must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class EvidenceLimits:
    """Limits applied to ``case.evidence[]`` (documented defaults), from
    ``RECOUVRE_EVIDENCE_*`` (see :meth:`from_environ`)."""

    max_items: int = 50
    max_total_pages: int = 300
    max_total_bytes: int = 40 * MiB
    max_item_bytes: int = 20 * MiB
    max_image_pixels: int = 60_000_000
    max_decoded_bytes: int = 256 * MiB
    parse_timeout_s: float = 10.0
    max_parse_memory_bytes: int = 1024 * MiB

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> EvidenceLimits:
        """Called by :meth:`Settings.from_environ` only; a non-positive value is refused."""
        return cls(
            max_items=_int(env, "RECOUVRE_EVIDENCE_MAX_ITEMS", cls.max_items),
            max_total_pages=_int(env, "RECOUVRE_EVIDENCE_MAX_TOTAL_PAGES", cls.max_total_pages),
            max_total_bytes=_int(env, "RECOUVRE_EVIDENCE_MAX_TOTAL_BYTES", cls.max_total_bytes),
            max_item_bytes=_int(env, "RECOUVRE_EVIDENCE_MAX_ITEM_BYTES", cls.max_item_bytes),
            max_image_pixels=_int(env, "RECOUVRE_EVIDENCE_MAX_IMAGE_PIXELS",
                                  cls.max_image_pixels),
            max_decoded_bytes=_int(env, "RECOUVRE_EVIDENCE_MAX_DECODED_BYTES",
                                   cls.max_decoded_bytes),
            parse_timeout_s=_float(env, "RECOUVRE_EVIDENCE_PARSE_TIMEOUT_S",
                                   cls.parse_timeout_s),
            max_parse_memory_bytes=_int(env, "RECOUVRE_EVIDENCE_MAX_PARSE_MEMORY_BYTES",
                                        cls.max_parse_memory_bytes),
        )


@dataclass(frozen=True)
class SigningSettings:
    """Where the seal key is and how to seal; the defaults seal with a generated TEST key.

    ``p12_password`` is never shown (``repr`` hides it); the signer reads it once to open the
    key and does not keep it.
    """

    #: ``RECOUVRE_SIGNING_P12``: the PKCS#12 file of the seal key (none: a TEST PKI).
    p12_path: str | None = None
    #: ``RECOUVRE_SIGNING_P12_PASSWORD``.
    p12_password: str | None = field(default=None, repr=False)
    #: ``RECOUVRE_SIGNER_NAME``: the name shown in the visible seal.
    signer_name: str | None = None
    #: ``RECOUVRE_TSA_URL``: an RFC 3161 time-stamping authority (PAdES-B-T and B-LT).
    tsa_url: str | None = None
    #: ``RECOUVRE_TRUST_ROOTS``: a PEM file of trust roots for B-LT, besides the P12's own.
    trust_roots_path: str | None = None

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> SigningSettings:
        """Called by :meth:`Settings.from_environ` only."""
        return cls(
            p12_path=_raw(env, "RECOUVRE_SIGNING_P12") or None,
            p12_password=env.get("RECOUVRE_SIGNING_P12_PASSWORD") or None,
            signer_name=_raw(env, "RECOUVRE_SIGNER_NAME") or None,
            tsa_url=_raw(env, "RECOUVRE_TSA_URL") or None,
            trust_roots_path=_raw(env, "RECOUVRE_TRUST_ROOTS") or None,
        )


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
    # render and seal one letter at start-up (service.warmup): workers fork warm
    warm_up: bool = True
    signing: SigningSettings = SigningSettings()
    evidence: EvidenceLimits = EvidenceLimits()
    #: ``RECOUVRE_API_KEY``: the key ``recouvre batch --server`` sends to running services.
    client_api_key: str | None = field(default=None, repr=False)
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
            warm_up=env.get("RECOUVRE_WARM_UP", "1").strip().lower() not in ("0", "false", "no"),
            signing=SigningSettings.from_environ(env),
            evidence=EvidenceLimits.from_environ(env),
            client_api_key=_raw(env, "RECOUVRE_API_KEY") or None,
            intake_max_files=_int(env, "RECOUVRE_INTAKE_MAX_FILES", cls.intake_max_files),
            intake_max_file_bytes=_int(env, "RECOUVRE_INTAKE_MAX_FILE_BYTES",
                                       cls.intake_max_file_bytes),
            intake_max_rows=_int(env, "RECOUVRE_INTAKE_MAX_ROWS", cls.intake_max_rows),
        )

    def __repr__(self) -> str:  # never print API keys
        return (f"Settings(max_body_bytes={self.max_body_bytes}, max_batch_items="
                f"{self.max_batch_items}, api_keys=<{len(self.api_keys)} configured>)")

