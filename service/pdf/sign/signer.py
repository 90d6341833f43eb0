"""PAdES sealing of rendered PDFs with pyHanko.

One :class:`SealSigner` is built per worker (``SealSigner.from_settings(settings.signing)``) and
reused:
it parses the key once, prepares the stamp font once, keeps one ``HTTPTimeStamper`` and
computes the signature reservation (``bytes_reserved``) once, so each PDF is written once.

What the seal is, and is not: an electronic seal (« cachet électronique ») of the service
operator, proving that the document was issued by the service and has not been modified
since. It is not the handwritten or qualified signature of the creditor, and the visible
stamp says so.

Levels:

* ``PAdES-B-B``: CMS signature with signed attributes (subfilter ETSI.CAdES.detached);
* ``PAdES-B-T``: plus an RFC 3161 signature time-stamp (configured TSA, or one passed in);
* ``PAdES-B-LT``: plus a DSS with the certificates and revocation information (the test
  PKI's CRL offline; in production fetched, against explicit trust roots only).

The signature is an incremental update on top of the input bytes, which stay untouched, so a
PDF/A-3b input stays PDF/A-3b: the visible appearance uses an embedded TrueType font (pyHanko's
default stamp references an unembedded /Courier, which PDF/A forbids).

Three more pyHanko 0.38 behaviours that would break PDF/A-3b are neutralised (each checked
by tests/pdf/test_sign.py; the workarounds live in :mod:`service.pdf.sign.pyhanko_compat`):
CIDFont widths written in font units rather than thousandths of an em (the font is scaled to
1000 units per em), the catalog bumped to ``/Version /2.0`` for ECDSA keys (only the ESIC
extension is declared), and Info/XMP producer strings made inconsistent (metadata is left
untouched).
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfSignatureMetadata
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper, TimestampRequestError
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from service.config import SigningSettings
from service.errors import RecouvreError, field_error
from service.paths import LIBERATION_SANS
from service.pdf.pki import (
    LoadedCredential,
    TestPki,
    load_pkcs12,
    make_test_pki,
    to_asn1_cert,
    to_asn1_crl,
)
from service.pdf.sign.config import SealConfig
from service.pdf.sign.pyhanko_compat import (
    CachedKeySigner_0_38,
    MetadataPreservingWriter_0_38,
    ParsedStampFont_0_38,
    PinnedTimePdfSigner_0_38,
    PreparedFontFactory_0_38,
)
from service.pdf.sign.stamp import (
    STAMP_FONT_SIZE,
    StampMetrics,
    prepare_stamp_font,
    stamp_style,
    stamp_text,
)

log = logging.getLogger("service.pdf.sign")

FIELD_NAME = "RecouvreSeal"
B_B, B_T, B_LT = "PAdES-B-B", "PAdES-B-T", "PAdES-B-LT"
LEVELS: tuple[str, ...] = (B_B, B_T, B_LT)
LEVEL_PATH = "options.signature_level"
BOX_PATH = "options.signature_box"

TSA_TIMEOUT_S = 10
# DER bytes added to the CMS for a signature time-stamp token. Common TSAs answer with
# 4-8 KiB tokens; if one is larger we fall back to pyHanko's own estimate (see _sign_once).
TSA_TOKEN_ALLOWANCE = 12 * 1024
# CMS overhead besides certificates: signed attributes, signature value, ASN.1 framing.
CMS_OVERHEAD = 3 * 1024

_DSS_IN_SIGNATURE_REVISION = DSSContentSettings(
    placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
)


@dataclass(frozen=True)
class SignatureBox:
    """Where to draw the visible seal: 0-based page index and a rectangle in PDF points."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    def __post_init__(self) -> None:
        if self.page < 0 or self.x2 - self.x1 < 20 or self.y2 - self.y1 < 10:
            raise _box_error(
                "Le cadre du cachet visible est invalide (page négative ou cadre trop petit).",
                "The visible seal box is invalid (negative page or box too small).",
            )


@dataclass(frozen=True)
class SignatureInfo:
    """Public facts about one seal, for the response metadata."""

    level: str
    signer: str
    signed_at: datetime
    certificate_sha256: str
    test_certificate: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "signer": self.signer,
            "signed_at": self.signed_at.isoformat(),
            "certificate_sha256": self.certificate_sha256,
            "test_certificate": self.test_certificate,
        }


def _level_error(detail: str, code: str, fr: str, en: str) -> RecouvreError:
    return RecouvreError(
        title="Signature level unavailable",
        detail=detail,
        status=422,
        errors=[field_error(LEVEL_PATH, code, fr, en)],
    )


def _box_error(fr: str, en: str) -> RecouvreError:
    return RecouvreError(
        title="Invalid signature box",
        detail=en,
        status=422,
        errors=[field_error(BOX_PATH, "invalid_signature_box", fr, en)],
    )


def _public_url(url: str) -> str:
    """The URL without user-info or query (they may carry credentials)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def _cert_attr(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    attrs = cert.subject.get_attributes_for_oid(oid)
    return str(attrs[0].value) if attrs else None


class SealSigner:
    """The worker's sealing key and its PAdES settings. Build once, call :meth:`sign` often.

    Never holds the PKCS#12 password; its ``repr`` shows only public facts.
    """

    def __init__(
        self,
        credential: LoadedCredential,
        *,
        config: SealConfig | None = None,
        test_pki: TestPki | None = None,
    ) -> None:
        config = config if config is not None else SealConfig()
        signer_name, tsa_url = config.signer_name, config.tsa_url
        self.config = config
        cert = credential.cert
        self.test_certificate: bool = test_pki is not None
        self.test_pki: TestPki | None = test_pki
        self.subject: str = cert.subject.rfc4514_string()
        self.issuer: str = cert.issuer.rfc4514_string()
        self.certificate_sha256: str = hashlib.sha256(
            cert.public_bytes(serialization.Encoding.DER)
        ).hexdigest()
        self.not_valid_before: datetime = cert.not_valid_before_utc
        self.not_valid_after: datetime = cert.not_valid_after_utc
        self.signer_name: str = (
            signer_name
            or _cert_attr(cert, x509.NameOID.ORGANIZATION_NAME)
            or _cert_attr(cert, x509.NameOID.COMMON_NAME)
            or self.subject
        )
        self._key_algorithm = (
            f"ECDSA {credential.key.curve.name}"
            if isinstance(credential.key, EllipticCurvePrivateKey)
            else f"RSA-{credential.key.key_size}"
            if isinstance(credential.key, RSAPrivateKey)
            else type(credential.key).__name__
        )

        chain = [to_asn1_cert(c) for c in credential.chain]
        registry = SimpleCertificateStore()
        registry.register_multiple(chain)
        self._signer = CachedKeySigner_0_38(
            key=credential.key, signing_cert=to_asn1_cert(cert), cert_registry=registry
        )
        self._chain = chain
        roots = list(config.trust_roots)
        roots += [c for c in credential.chain if c.subject == c.issuer and c not in roots]
        self.trust_roots: list[asn1_x509.Certificate] = [to_asn1_cert(c) for c in roots]
        self._crls = [to_asn1_crl(test_pki.crl)] if test_pki is not None else []

        self._tsa_url = _public_url(tsa_url) if tsa_url else None
        self._timestamper: TimeStamper | None = (
            HTTPTimeStamper(tsa_url, https=tsa_url.startswith("https:"), timeout=TSA_TIMEOUT_S)
            if tsa_url
            else None
        )
        stamp_font = prepare_stamp_font(LIBERATION_SANS)
        self._metrics = StampMetrics(stamp_font)
        self._font = PreparedFontFactory_0_38(
            font_file=str(LIBERATION_SANS),
            font_size=STAMP_FONT_SIZE,
            font_bytes=stamp_font,
            font_flate=zlib.compress(stamp_font),
            parsed=ParsedStampFont_0_38.parse(stamp_font),
            bcp47_lang_code="fr-FR",
        )
        certs_der = len(cert.public_bytes(serialization.Encoding.DER)) + sum(
            len(c.dump()) for c in chain
        )
        # Hex-encoded in /Contents: two characters per DER byte.
        self._reserve_b = 2 * (certs_der + CMS_OVERHEAD)
        self._reserve_t = self._reserve_b + 2 * TSA_TOKEN_ALLOWANCE

    # -- construction -----------------------------------------------------------------------

    @classmethod
    def from_settings(cls, signing: SigningSettings) -> SealSigner:
        """The worker's signer, from the settings (:class:`service.config.SigningSettings`).

        Without a P12, a TEST PKI is generated in memory and every seal says TEST. The P12
        password is used to open the key and not kept.
        """
        config = SealConfig.from_settings(signing)
        if not signing.p12_path:
            log.warning(
                "RECOUVRE_SIGNING_P12 is not set: sealing with a generated TEST certificate"
            )
            return cls.from_test_pki(make_test_pki(), signer_name=config.signer_name,
                                     tsa_url=config.tsa_url)
        password = signing.p12_password
        credential = load_pkcs12(signing.p12_path,
                                 password.encode("utf-8") if password else None)
        del password
        signer = cls(credential, config=config)
        log.info("sealing with %s", signer.subject)
        return signer

    @classmethod
    def from_test_pki(
        cls, pki: TestPki, *, signer_name: str | None = None, tsa_url: str | None = None
    ) -> SealSigner:
        credential = LoadedCredential(key=pki.seal_key, cert=pki.seal_cert, chain=(pki.root_cert,))
        config = SealConfig(signer_name=signer_name, tsa_url=tsa_url,
                            trust_roots=(pki.root_cert,))
        return cls(credential, config=config, test_pki=pki)

    # -- public facts -----------------------------------------------------------------------

    @property
    def levels(self) -> tuple[str, ...]:
        """Levels available without passing a timestamper to :meth:`sign`."""
        return LEVELS if self._timestamper is not None else (B_B,)

    def describe(self) -> dict[str, Any]:
        """Public information for a readiness endpoint (no key, no password, no URL secrets)."""
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "certificate_sha256": self.certificate_sha256,
            "not_valid_before": self.not_valid_before.isoformat(),
            "not_valid_after": self.not_valid_after.isoformat(),
            "key_algorithm": self._key_algorithm,
            "test_certificate": self.test_certificate,
            "signer_name": self.signer_name,
            "timestamp_authority": self._tsa_url,
            "levels": list(self.levels),
            "field_name": FIELD_NAME,
        }

    def __repr__(self) -> str:
        return (
            f"SealSigner(subject={self.subject!r}, certificate_sha256={self.certificate_sha256!r},"
            f" test_certificate={self.test_certificate!r}, tsa={self._tsa_url!r})"
        )

    __str__ = __repr__

    # -- signing ----------------------------------------------------------------------------

    def sign(
        self,
        pdf: bytes,
        *,
        level: str = B_B,
        visible: SignatureBox | None = None,
        reason: str,
        location: str | None = None,
        timestamper: TimeStamper | None = None,
        signing_time: datetime | None = None,
        document_date: date | None = None,
    ) -> tuple[bytes, SignatureInfo]:
        """Seal ``pdf`` and return the signed bytes (input + one incremental update).

        ``signing_time`` pins the signing-time attribute and the date in the visible stamp
        (a naive datetime is taken as UTC); the time-stamp token, if any, keeps the TSA's time.
        ``document_date`` is the date the document bears: the visible box names it beside the
        sealing date when they differ.
        """
        if level not in LEVELS:
            raise _level_error(
                f"Unknown signature level {level!r}; expected one of {', '.join(LEVELS)}.",
                "unknown_signature_level",
                f"Niveau de signature inconnu «\u00a0{level}\u00a0» ; valeurs admises\u00a0: "
                f"{', '.join(LEVELS)}.",
                f"Unknown signature level '{level}'; allowed: {', '.join(LEVELS)}.",
            )
        tsa = timestamper or self._timestamper
        if level != B_B and tsa is None:
            raise _level_error(
                f"{level} needs a time-stamping authority and none is configured.",
                "timestamp_unavailable",
                f"Le niveau {level} exige un horodatage qualifié\u00a0; aucune autorité "
                "d’horodatage n’est configurée sur ce service. Utilisez PAdES-B-B.",
                f"{level} requires a time-stamping authority; none is configured on this "
                "service. Use PAdES-B-B.",
            )
        if level == B_LT and not self.trust_roots:
            raise _level_error(
                "PAdES-B-LT needs explicit trust roots and none are configured.",
                "trust_roots_unavailable",
                "Le niveau PAdES-B-LT exige des autorités de confiance explicites, "
                "non configurées sur ce service.",
                "PAdES-B-LT requires explicit trust roots, not configured on this service.",
            )
        moment = signing_time or datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)

        reserve = self._reserve_b if level == B_B else self._reserve_t
        try:
            try:
                signed = self._sign_once(
                    pdf, level, visible, reason, location, tsa, moment, reserve, document_date
                )
            except SigningError as exc:
                if "larger than expected" not in str(exc):
                    raise
                # An unusually large time-stamp token: let pyHanko measure it instead.
                log.info("signature reservation too small, retrying with pyHanko's estimate")
                signed = self._sign_once(pdf, level, visible, reason, location, tsa, moment, None,
                                         document_date)
        except TimestampRequestError as exc:
            raise RecouvreError(
                title="Time-stamping authority unavailable",
                detail=f"The time-stamping authority did not answer usably: {exc}",
                status=503,
            ) from exc
        info = SignatureInfo(
            level=level,
            signer=self.subject,
            signed_at=moment,
            certificate_sha256=self.certificate_sha256,
            test_certificate=self.test_certificate,
        )
        return signed, info

    def _stamp_style(self, moment: datetime, box: SignatureBox,
                     document_date: date | None) -> TextStampStyle:
        text = stamp_text(self.signer_name, moment, test_certificate=self.test_certificate,
                          document_date=document_date)
        return stamp_style(text, box.x2 - box.x1, box.y2 - box.y1, self._font, self._metrics)

    def _validation_context(self) -> ValidationContext:
        if self.test_pki is not None:
            return ValidationContext(
                trust_roots=self.trust_roots,
                other_certs=self._chain,
                crls=self._crls,
                allow_fetching=False,
            )
        return ValidationContext(
            trust_roots=self.trust_roots, other_certs=self._chain, allow_fetching=True
        )

    def _sign_once(
        self,
        pdf: bytes,
        level: str,
        visible: SignatureBox | None,
        reason: str,
        location: str | None,
        tsa: TimeStamper | None,
        moment: datetime,
        reserve: int | None,
        document_date: date | None = None,
    ) -> bytes:
        writer = MetadataPreservingWriter_0_38(BytesIO(pdf))
        if visible is not None:
            pages = int(writer.root["/Pages"]["/Count"])
            if visible.page >= pages:
                raise _box_error(
                    f"Le cachet visible vise la page {visible.page + 1} d’un document de "
                    f"{pages}\u00a0page(s).",
                    f"The visible seal targets page {visible.page + 1} of a {pages}-page document.",
                )
            field_spec = SigFieldSpec(
                FIELD_NAME,
                on_page=visible.page,
                box=(visible.x1, visible.y1, visible.x2, visible.y2),  # type: ignore[arg-type]
                readable_field_name="Cachet électronique du service",
            )
            stamp_style = self._stamp_style(moment, visible, document_date)
        else:
            field_spec = SigFieldSpec(
                FIELD_NAME, readable_field_name="Cachet électronique du service"
            )
            stamp_style = None
        lt = level == B_LT
        # The signed attributes come from PadesSignedAttributes_0_38, which is right only for a
        # PAdES subfilter without CAdES extras (cades_signed_attr_spec): change either here and
        # that spec must go (tests/pdf/test_sign.py compares it with pyHanko's own).
        meta = PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            reason=reason,
            location=location,
            name=self.signer_name,
            embed_validation_info=lt,
            validation_context=self._validation_context() if lt else None,
            # B-LT in the signature's own revision: one incremental update, whole-file
            # coverage, readable by validators without incremental-update analysis.
            dss_settings=_DSS_IN_SIGNATURE_REVISION,
        )
        pdf_signer = PinnedTimePdfSigner_0_38(
            meta,
            signer=self._signer,
            timestamper=tsa if level != B_B else None,
            stamp_style=stamp_style,
            new_field_spec=field_spec,
            system_time=moment,
        )
        out = pdf_signer.sign_pdf(writer, bytes_reserved=reserve)
        return out.getvalue()
