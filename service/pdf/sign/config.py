"""The seal's configuration, frozen: built once from :class:`service.config.SigningSettings`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509

from service.config import SigningSettings
from service.pdf.pki import SigningConfigError


@dataclass(frozen=True)
class SealConfig:
    """What the signer needs besides its key (the key itself is loaded by the signer)."""

    signer_name: str | None = None
    """The name shown in the visible seal; by default the certificate's organisation."""
    tsa_url: str | None = field(default=None, repr=False)
    """An RFC 3161 time-stamping authority (enables PAdES-B-T and B-LT); may carry
    credentials, so it is only ever shown without user-info or query."""
    trust_roots: tuple[x509.Certificate, ...] = ()
    """Trust roots for B-LT, besides the self-signed certificates of the key's chain."""

    @classmethod
    def from_settings(cls, signing: SigningSettings) -> SealConfig:
        """A bad TSA URL or an unreadable trust-roots file is a :class:`SigningConfigError`."""
        tsa_url = signing.tsa_url
        if tsa_url and urlsplit(tsa_url).scheme not in ("http", "https"):
            raise SigningConfigError("RECOUVRE_TSA_URL must be an http(s) URL")
        roots: tuple[x509.Certificate, ...] = ()
        if signing.trust_roots_path:
            try:
                roots = tuple(x509.load_pem_x509_certificates(
                    Path(signing.trust_roots_path).read_bytes()))
            except (OSError, ValueError) as exc:
                raise SigningConfigError(
                    f"cannot read the trust roots file {signing.trust_roots_path!r}: {exc}"
                ) from None
        return cls(signer_name=signing.signer_name, tsa_url=tsa_url, trust_roots=roots)
