"""Checking sealed PDFs from the outside: pyHanko validation, and poppler's ``pdfsig``.

``verify_pdf`` validates every signature against explicit trust roots only (no OS trust
store, no network). When the document carries a DSS (PAdES-B-LT), the validation context is
built from it with hard-fail revocation checking, so a passing B-LT report proves the
embedded validation material is sufficient on its own.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

__all__ = ["SignatureReport", "pdfsig_report", "verify_pdf"]

PDFSIG_TIMEOUT_S = 30


@dataclass(frozen=True)
class SignatureReport:
    """What pyHanko concluded about one embedded signature."""

    field_name: str
    intact: bool
    valid: bool
    trusted: bool
    bottom_line: bool
    coverage: SignatureCoverageLevel | None
    modification_level: ModificationLevel | None
    signer: str
    signing_time: datetime | None
    timestamp_present: bool
    timestamp_valid: bool | None
    timestamp_time: datetime | None
    dss_present: bool
    summary: str

    @property
    def ok(self) -> bool:
        """Intact, valid, trusted, covering the whole file and with no later modification."""
        return (
            self.bottom_line
            and self.coverage == SignatureCoverageLevel.ENTIRE_FILE
            and self.modification_level == ModificationLevel.NONE
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "field_name": self.field_name,
            "intact": self.intact,
            "valid": self.valid,
            "trusted": self.trusted,
            "bottom_line": self.bottom_line,
            "coverage": self.coverage.name if self.coverage else None,
            "modification_level": (
                self.modification_level.name if self.modification_level else None
            ),
            "signer": self.signer,
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "timestamp_present": self.timestamp_present,
            "timestamp_valid": self.timestamp_valid,
            "timestamp_time": self.timestamp_time.isoformat() if self.timestamp_time else None,
            "dss_present": self.dss_present,
            "summary": self.summary,
        }


def _asn1(cert: x509.Certificate | asn1_x509.Certificate) -> asn1_x509.Certificate:
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _rfc4514(cert: asn1_x509.Certificate) -> str:
    return x509.load_der_x509_certificate(cert.dump()).subject.rfc4514_string()


def verify_pdf(
    pdf: bytes, trust_roots: list[x509.Certificate] | list[asn1_x509.Certificate]
) -> list[SignatureReport]:
    """Validate every signature of ``pdf`` against ``trust_roots`` (and nothing else)."""
    roots = [_asn1(c) for c in trust_roots]
    reader = PdfFileReader(BytesIO(pdf))
    try:
        dss: DocumentSecurityStore | None = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        dss = None

    reports = []
    for embedded in reader.embedded_signatures:
        if dss is not None:
            context = dss.as_validation_context(
                {"trust_roots": roots, "allow_fetching": False, "revocation_mode": "hard-fail"}
            )
        else:
            context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(embedded, context)
        except SignatureValidationError as exc:
            reports.append(
                SignatureReport(
                    field_name=embedded.field_name,
                    intact=False,
                    valid=False,
                    trusted=False,
                    bottom_line=False,
                    coverage=None,
                    modification_level=None,
                    signer="",
                    signing_time=None,
                    timestamp_present=False,
                    timestamp_valid=None,
                    timestamp_time=None,
                    dss_present=dss is not None,
                    summary=f"ERROR: {exc}",
                )
            )
            continue
        ts = status.timestamp_validity
        reports.append(
            SignatureReport(
                field_name=embedded.field_name,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                bottom_line=status.bottom_line,
                coverage=status.coverage,
                modification_level=status.modification_level,
                signer=_rfc4514(status.signing_cert),
                signing_time=status.signer_reported_dt,
                timestamp_present=ts is not None,
                timestamp_valid=(ts.intact and ts.valid and ts.trusted) if ts else None,
                timestamp_time=ts.timestamp if ts else None,
                dss_present=dss is not None,
                summary=status.summary(),
            )
        )
    return reports


def pdfsig_report(pdf: bytes) -> str:
    """Run poppler's ``pdfsig`` on ``pdf`` and return its text report (stdout + stderr)."""
    with tempfile.TemporaryDirectory(prefix="recouvre-pdfsig-") as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            ["pdfsig", str(path)],
            capture_output=True,
            text=True,
            timeout=PDFSIG_TIMEOUT_S,
            check=False,
        )
    return result.stdout + result.stderr
