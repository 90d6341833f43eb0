"""PAdES sealing of rendered PDFs with pyHanko.

One :class:`SealSigner` is built per worker (``SealSigner.from_environ(os.environ)``) and reused:
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

Three more pyHanko 0.38 behaviours that would break PDF/A-3b are neutralised here (each
checked by tests/pdf/test_sign.py): CIDFont widths written in font units rather than
thousandths of an em (the font is scaled to 1000 units per em), the catalog bumped to
``/Version /2.0`` for ECDSA keys (only the ESIC extension is declared), and Info/XMP
producer strings made inconsistent (metadata is left untouched).
"""

from __future__ import annotations

import hashlib
import logging
import math
import textwrap
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import StreamObject, pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign.attributes import CMSAttributeProvider
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import SigningError, as_signing_certificate_v2
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner
from pyhanko.sign.signers import constants as signer_constants
from pyhanko.sign.signers.pdf_cms import SignedAttributeProviderSpec
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper, TimestampRequestError
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

from service.errors import RecouvreError, field_error
from service.paths import LIBERATION_SANS
from service.pdf.pki import (
    LoadedCredential,
    SigningConfigError,
    TestPki,
    load_pkcs12,
    make_test_pki,
    to_asn1_cert,
    to_asn1_crl,
    to_asn1_key,
)

__all__ = [
    "FIELD_NAME",
    "LEVELS",
    "SealSigner",
    "SignatureBox",
    "SignatureInfo",
    "SigningConfigError",
]

log = logging.getLogger(__name__)

FIELD_NAME = "RecouvreSeal"
B_B, B_T, B_LT = "PAdES-B-B", "PAdES-B-T", "PAdES-B-LT"
LEVELS: tuple[str, ...] = (B_B, B_T, B_LT)
LEVEL_PATH = "options.signature_level"
BOX_PATH = "options.signature_box"

PARIS = ZoneInfo("Europe/Paris")
TSA_TIMEOUT_S = 10
# DER bytes added to the CMS for a signature time-stamp token. Common TSAs answer with
# 4-8 KiB tokens; if one is larger we fall back to pyHanko's own estimate (see _sign_once).
TSA_TOKEN_ALLOWANCE = 12 * 1024
# CMS overhead besides certificates: signed attributes, signature value, ASN.1 framing.
CMS_OVERHEAD = 3 * 1024

STAMP_FONT_SIZE = 10
_DSS_IN_SIGNATURE_REVISION = DSSContentSettings(
    placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
)
# Characters the stamp font keeps: Latin-1, Latin Extended-A (names), typographic
# punctuation (dashes, quotes, ellipsis, narrow no-break space) and the euro sign.
_STAMP_UNICODES = [
    *range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2028),
    0x202F, 0x2039, 0x203A, 0x20AC,
]  # fmt: skip

_MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


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


class _SigningCertificateV2(CMSAttributeProvider):
    """The signing-certificate-v2 attribute (RFC 5035, required by PAdES), encoded once.

    pyHanko rebuilds it from the certificate at every signature, and asn1crypto then
    re-serialises the freshly built attribute set: two thirds of the CMS time of a seal. The
    value is the same for every signature of a key, so it is built once and loaded from its
    DER encoding, which asn1crypto writes back as is.
    """

    attribute_type = "signing_certificate_v2"

    def __init__(self, signing_cert: asn1_x509.Certificate) -> None:
        self._der = as_signing_certificate_v2(signing_cert).dump()

    async def build_attr_value(self, dry_run: bool = False) -> tsp.SigningCertificateV2:
        return tsp.SigningCertificateV2.load(self._der)


class _PadesSignedAttributes(SignedAttributeProviderSpec):
    """The signed attributes of our PAdES seals, as pyHanko's CAdES spec gives them for a PDF
    signature without CAdES extras (commitment type, signer attributes, content time-stamp):
    content-type and message-digest (added by pyHanko) and signing-certificate-v2. No
    signing-time attribute: PAdES forbids it; the time is the signature dictionary's /M.
    tests/pdf/test_sign.py compares them with pyHanko's own."""

    def __init__(self, signing_cert: asn1_x509.Certificate) -> None:
        self._signing_certificate = _SigningCertificateV2(signing_cert)

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str
                              ) -> Iterator[CMSAttributeProvider]:
        yield self._signing_certificate


class _CachedKeySigner(SimpleSigner):
    """A ``SimpleSigner`` that keeps the parsed private key and the constant signed attribute.

    pyHanko 0.38's ``SimpleSigner.sign_raw`` re-parses the DER key on every signature (about
    33 ms for RSA, which cryptography re-validates on each load); here it is parsed once. The
    signing-certificate-v2 attribute is encoded once too (:class:`_PadesSignedAttributes`).
    """

    def __init__(
        self,
        *,
        key: PrivateKeyTypes,
        signing_cert: asn1_x509.Certificate,
        cert_registry: SimpleCertificateStore,
    ) -> None:
        super().__init__(
            signing_cert=signing_cert,
            signing_key=to_asn1_key(key),
            cert_registry=cert_registry,
        )
        self.signed_attr_prov_spec = _PadesSignedAttributes(signing_cert)  # pyHanko's hook
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algo = mechanism.signature_algo
        except ValueError:
            algo = mechanism["algorithm"].native
        key = self._key
        if algo == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        if algo == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if algo == "rsassa_pss" and isinstance(key, RSAPrivateKey):
            padding, hash_algo = process_pss_params(mechanism["parameters"])
            return key.sign(data, padding, hash_algo)
        return super().sign_raw(data, digest_algorithm)

    def __repr__(self) -> str:
        return f"<_CachedKeySigner subject={self.subject_name!r}>"


def prepare_stamp_font(path: Path) -> bytes:
    """The stamp font, ready for pyHanko: subset, unhinted, scaled to 1000 units per em.

    pyHanko 0.38 writes the CIDFont /W widths and TJ adjustments in the font's own units,
    while PDF reads them as thousandths of an em: with a 2048-unit TrueType font such as
    Liberation Sans every glyph would advance twice too far. Scaling the font to 1000 units
    per em makes both agree. Subsetting once here also makes the per-signature parse cheap.
    """
    font = TTFont(str(path))
    options = ft_subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "FFTM"]
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(unicodes=_STAMP_UNICODES)
    subset_log = logging.getLogger("fontTools.subset")
    previous_level = subset_log.level
    subset_log.setLevel(logging.WARNING)  # its INFO chatter lists every glyph
    try:
        subsetter.subset(font)
    finally:
        subset_log.setLevel(previous_level)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


class _PresubsetGlyphAccumulator(GlyphAccumulator):
    """Embeds the stamp font as prepared once by :func:`prepare_stamp_font` — already a subset
    of the few characters a stamp can use — instead of subsetting it again with fontTools at
    every signature (~40 % of the seal's time). Glyph ids are kept (pyHanko writes
    ``/CIDToGIDMap /Identity`` for TrueType), so the content streams address the same glyphs.
    """

    def __init__(self, *args: Any, font_flate: bytes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cidfont = self.cidfont_obj

        def set_font_file(writer: Any) -> Any:
            # compressed once at start-up, not at every signature
            stream = StreamObject({pdf_name("/Filter"): pdf_name("/FlateDecode")},
                                  encoded_data=font_flate)
            ref = writer.add_object(stream)
            cidfont._font_descriptor[pdf_name("/FontFile2")] = ref
            return ref

        cidfont.set_font_file = set_font_file  # type: ignore[method-assign]

    def _extract_subset(self, options: Any = None) -> None:
        return None


@dataclass(frozen=True)
class _PreparedFontFactory(GlyphAccumulatorFactory):
    """A ``GlyphAccumulatorFactory`` that reads the font from memory (no file per signature,
    and no leaked file handle: the stock factory never closes the one it opens)."""

    font_bytes: bytes = b""
    font_flate: bytes = b""  # font_bytes, Flate-compressed once

    def create_font_engine(self, writer, obj_stream=None):  # type: ignore[no-untyped-def]
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _PresubsetGlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(self.font_bytes),
            font_flate=self.font_flate,
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


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


def _french_datetime(moment: datetime) -> str:
    local = moment.astimezone(PARIS)
    day = "1er" if local.day == 1 else str(local.day)
    return (
        f"{day}\u00a0{_MONTHS_FR[local.month - 1]}\u00a0{local.year} "
        f"à {local.hour}\u00a0h\u00a0{local.minute:02d} (heure de Paris)"
    )


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
        test_pki: TestPki | None = None,
        signer_name: str | None = None,
        tsa_url: str | None = None,
        trust_roots: list[x509.Certificate] | None = None,
    ) -> None:
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
        self._signer = _CachedKeySigner(
            key=credential.key, signing_cert=to_asn1_cert(cert), cert_registry=registry
        )
        self._chain = chain
        roots = list(trust_roots or [])
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
        self._font = _PreparedFontFactory(
            font_file=str(LIBERATION_SANS),
            font_size=STAMP_FONT_SIZE,
            font_bytes=stamp_font,
            font_flate=zlib.compress(stamp_font),
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
    def from_environ(cls, environ: Mapping[str, str]) -> SealSigner:
        """Build the worker's signer from the environment.

        ``RECOUVRE_SIGNING_P12`` (path) and ``RECOUVRE_SIGNING_P12_PASSWORD``: the seal key.
        Without a P12, a TEST PKI is generated in memory and every seal says TEST.
        ``RECOUVRE_TSA_URL`` enables PAdES-B-T/B-LT. ``RECOUVRE_SIGNER_NAME`` is the name
        shown in the visible seal. ``RECOUVRE_TRUST_ROOTS`` (PEM file) adds trust roots for
        B-LT besides the self-signed certificates found in the P12.
        """
        p12_path = (environ.get("RECOUVRE_SIGNING_P12") or "").strip()
        signer_name = (environ.get("RECOUVRE_SIGNER_NAME") or "").strip() or None
        tsa_url = (environ.get("RECOUVRE_TSA_URL") or "").strip() or None
        if tsa_url and urlsplit(tsa_url).scheme not in ("http", "https"):
            raise SigningConfigError("RECOUVRE_TSA_URL must be an http(s) URL")
        if not p12_path:
            pki = make_test_pki()
            log.warning(
                "RECOUVRE_SIGNING_P12 is not set: sealing with a generated TEST certificate"
            )
            return cls.from_test_pki(pki, signer_name=signer_name, tsa_url=tsa_url)

        password = environ.get("RECOUVRE_SIGNING_P12_PASSWORD")
        credential = load_pkcs12(p12_path, password.encode("utf-8") if password else None)
        del password
        trust_roots: list[x509.Certificate] = []
        roots_path = (environ.get("RECOUVRE_TRUST_ROOTS") or "").strip()
        if roots_path:
            try:
                trust_roots = x509.load_pem_x509_certificates(Path(roots_path).read_bytes())
            except (OSError, ValueError) as exc:
                raise SigningConfigError(
                    f"cannot read the trust roots file {roots_path!r}: {exc}"
                ) from None
        signer = cls(credential, signer_name=signer_name, tsa_url=tsa_url, trust_roots=trust_roots)
        log.info("sealing with %s", signer.subject)
        return signer

    @classmethod
    def from_test_pki(
        cls, pki: TestPki, *, signer_name: str | None = None, tsa_url: str | None = None
    ) -> SealSigner:
        credential = LoadedCredential(key=pki.seal_key, cert=pki.seal_cert, chain=(pki.root_cert,))
        return cls(
            credential,
            test_pki=pki,
            signer_name=signer_name,
            tsa_url=tsa_url,
            trust_roots=[pki.root_cert],
        )

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
    ) -> tuple[bytes, SignatureInfo]:
        """Seal ``pdf`` and return the signed bytes (input + one incremental update).

        ``signing_time`` pins the signing-time attribute and the date in the visible stamp
        (a naive datetime is taken as UTC); the time-stamp token, if any, keeps the TSA's time.
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
                    pdf, level, visible, reason, location, tsa, moment, reserve
                )
            except SigningError as exc:
                if "larger than expected" not in str(exc):
                    raise
                # An unusually large time-stamp token: let pyHanko measure it instead.
                log.info("signature reservation too small, retrying with pyHanko's estimate")
                signed = self._sign_once(pdf, level, visible, reason, location, tsa, moment, None)
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

    def _stamp_text(self, moment: datetime) -> str:
        paragraphs = []
        if self.test_certificate:
            paragraphs.append("CERTIFICAT DE TEST — sans valeur probante")
        paragraphs += [
            "Cachet électronique de scellement",
            f"Apposé par {self.signer_name}, émetteur du document, le {_french_datetime(moment)}.",
            "Atteste que le document n’a pas été modifié depuis son émission.",
            "Ne vaut pas signature manuscrite du créancier.",
        ]
        return "\n".join(paragraphs)

    def _stamp_style(self, moment: datetime, box: SignatureBox) -> TextStampStyle:
        text = self._stamp_text(moment)
        # Wrap so that the text block has roughly the box's proportions; pyHanko then
        # shrinks it to fit. Liberation Sans averages ~0.42 em per character, leading 1.2 em.
        ratio = (box.x2 - box.x1) / (box.y2 - box.y1)
        width = max(24, round(math.sqrt(len(text) * 1.2 * ratio / 0.42)))
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines += textwrap.wrap(paragraph, width=width, break_on_hyphens=False) or [""]
        return TextStampStyle(
            stamp_text="\n".join(lines).replace("%", "%%"),
            text_box_style=TextBoxStyle(
                font=self._font, font_size=STAMP_FONT_SIZE, leading=round(STAMP_FONT_SIZE * 1.2)
            ),
            border_width=1,
        )

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
    ) -> bytes:
        writer = _MetadataPreservingWriter(BytesIO(pdf))
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
            stamp_style = self._stamp_style(moment, visible)
        else:
            field_spec = SigFieldSpec(
                FIELD_NAME, readable_field_name="Cachet électronique du service"
            )
            stamp_style = None
        lt = level == B_LT
        # The signed attributes come from _PadesSignedAttributes, which is right only for a
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
        pdf_signer = _RecouvrePdfSigner(
            meta,
            signer=self._signer,
            timestamper=tsa if level != B_B else None,
            stamp_style=stamp_style,
            new_field_spec=field_spec,
            system_time=moment,
        )
        out = pdf_signer.sign_pdf(writer, bytes_reserved=reserve)
        return out.getvalue()


class _MetadataPreservingWriter(IncrementalPdfFileWriter):
    """Incremental writer that leaves /Info and the XMP metadata as the renderer wrote them.

    pyHanko 0.38 appends "; pyHanko x" to the Info /Producer but writes only "pyHanko x"
    into the XMP pdf:Producer, which breaks the Info/XMP equivalence PDF/A requires
    (ISO 19005-3, 6.6.3). The seal only needs its own objects, so metadata stays untouched
    (tests compare the metadata before and after).
    """

    def _update_meta(self) -> None:
        return


class _RecouvrePdfSigner(PdfSigner):
    """``PdfSigner`` with two adjustments.

    * The signing session uses a given time (signing-time attribute, /M entry, stamp date)
      instead of the wall clock, so callers can pin it.
    * Only the ESIC (PAdES, PDF 1.7) developer extension is declared. pyHanko also declares
      ISO/TS 32002 for ECDSA P-256 keys, which bumps the catalog to ``/Version /2.0``: a
      PDF/A-3 file must stay PDF 1.7, and ECDSA under ETSI.CAdES.detached is valid PAdES.
    """

    def __init__(self, *args: Any, system_time: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._system_time = system_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._system_time
        return session

    def register_extensions(self, pdf_out, *, md_algorithm):  # type: ignore[no-untyped-def]
        pdf_out.ensure_output_version(version=(1, 7))
        if pdf_out.output_version < (2, 0):
            pdf_out.register_extension(signer_constants.ESIC_EXTENSION_1)
