"""Every pyHanko workaround, each named after the pyHanko version it targets (0.38).

``pyproject.toml`` pins ``pyhanko>=0.38,<0.39``: these classes subclass or patch private
members (``cidfont._font_descriptor``, ``GlyphAccumulator._extract_subset``,
``IncrementalPdfFileWriter._update_meta``), so an upgrade is a decision, made by re-reading
each one against the new version and running tests/pdf/test_sign.py, which pins every
behaviour neutralised here. A class whose reason is gone is deleted, not renamed.

* :class:`SigningCertificateV2_0_38`, :class:`PadesSignedAttributes_0_38`,
  :class:`CachedKeySigner_0_38`: speed (key parsed once, constant attribute encoded once);
* :class:`PresubsetGlyphAccumulator_0_38`, :class:`PreparedFontFactory_0_38`,
  :class:`ParsedStampFont_0_38`: speed (the stamp font subset once, parsed once) and no leaked
  file handle;
* :class:`MetadataPreservingWriter_0_38`: PDF/A (Info/XMP producers kept equivalent);
* :class:`PinnedTimePdfSigner_0_38`: a pinned signing time, and PDF/A (no ``/Version /2.0``).
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

import uharfbuzz as hb  # type: ignore[import-untyped]
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from fontTools import ttLib
from pyhanko.pdf_utils.font.api import FontEngine
from pyhanko.pdf_utils.font.opentype import (
    CIDFontType2,
    GlyphAccumulator,
    GlyphAccumulatorFactory,
    _check_ot_tag,
    _read_ps_name,
)
from pyhanko.pdf_utils.generic import StreamObject, pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.attributes import CMSAttributeProvider
from pyhanko.sign.general import as_signing_certificate_v2
from pyhanko.sign.signers import PdfSigner, SimpleSigner
from pyhanko.sign.signers import constants as signer_constants
from pyhanko.sign.signers.pdf_cms import SignedAttributeProviderSpec
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

from service.pdf.pki import to_asn1_key


class SigningCertificateV2_0_38(CMSAttributeProvider):
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


class PadesSignedAttributes_0_38(SignedAttributeProviderSpec):
    """The signed attributes of our PAdES seals, as pyHanko's CAdES spec gives them for a PDF
    signature without CAdES extras (commitment type, signer attributes, content time-stamp):
    content-type and message-digest (added by pyHanko) and signing-certificate-v2. No
    signing-time attribute: PAdES forbids it; the time is the signature dictionary's /M.
    tests/pdf/test_sign.py compares them with pyHanko's own."""

    def __init__(self, signing_cert: asn1_x509.Certificate) -> None:
        self._signing_certificate = SigningCertificateV2_0_38(signing_cert)

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str
                              ) -> Iterator[CMSAttributeProvider]:
        yield self._signing_certificate


class CachedKeySigner_0_38(SimpleSigner):
    """A ``SimpleSigner`` that keeps the parsed private key and the constant signed attribute.

    pyHanko 0.38's ``SimpleSigner.sign_raw`` re-parses the DER key on every signature (about
    33 ms for RSA, which cryptography re-validates on each load); here it is parsed once. The
    signing-certificate-v2 attribute is encoded once too (:class:`PadesSignedAttributes_0_38`).
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
        self.signed_attr_prov_spec = PadesSignedAttributes_0_38(signing_cert)  # pyHanko's hook
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
        return f"<CachedKeySigner_0_38 subject={self.subject_name!r}>"


# sha256 of pyHanko 0.38's GlyphAccumulator.__init__, which PresubsetGlyphAccumulator_0_38
# repeats with the parsed font shared (tests/pdf/test_sign.py fails when it changes)
PYHANKO_GLYPH_ACCUMULATOR_INIT_SHA256 = (
    "bdf34f92a97a6e1a14a5c80c985857679cb1af3ca8c5d5703e5e26d8a965a835")


@dataclass(frozen=True)
class ParsedStampFont_0_38:
    """The stamp font as pyHanko's ``GlyphAccumulator`` parses it at every signature (a
    fontTools ``TTFont``, its glyph set, a HarfBuzz font, the PostScript name): about 4 ms a
    seal, done once per process here. pyHanko only reads them (tables, glyph widths, cmap,
    shaping); the one writer, subsetting, is switched off by
    :class:`PresubsetGlyphAccumulator_0_38`. fontTools loads tables and glyphs lazily: like the
    renderer's font configuration, one signer is not for two threads sealing at once (the
    service seals one document at a time per process)."""

    tt: Any
    glyph_set: Any
    hb_font: Any
    base_ps_name: str
    units_per_em: int

    @classmethod
    def parse(cls, font_bytes: bytes) -> ParsedStampFont_0_38:
        tt = ttLib.TTFont(BytesIO(font_bytes))
        if "CFF " in tt:
            raise ValueError("the stamp font must be TrueType (glyf outlines)")
        return cls(tt=tt, glyph_set=tt.getGlyphSet(preferCFF=True),
                   hb_font=hb.Font(hb.Face(font_bytes)), base_ps_name=_read_ps_name(tt),
                   units_per_em=tt["head"].unitsPerEm)


class PresubsetGlyphAccumulator_0_38(GlyphAccumulator):
    """Embeds the stamp font as prepared once by :func:`prepare_stamp_font` — already a subset
    of the few characters a stamp can use — instead of subsetting it again with fontTools at
    every signature (~40 % of the seal's time). Glyph ids are kept (pyHanko writes
    ``/CIDToGIDMap /Identity`` for TrueType), so the content streams address the same glyphs.
    With ``parsed``, pyHanko's ``__init__`` is repeated step by step on the font parsed once
    (:class:`ParsedStampFont_0_38`) instead of parsing it again.
    """

    def __init__(self, *args: Any, font_flate: bytes,
                 parsed: ParsedStampFont_0_38 | None = None, **kwargs: Any) -> None:
        if parsed is None:
            super().__init__(*args, **kwargs)
        else:
            self._init_parsed(parsed, *args, **kwargs)
        cidfont = self.cidfont_obj

        def set_font_file(writer: Any) -> Any:
            # compressed once at start-up, not at every signature
            stream = StreamObject({pdf_name("/Filter"): pdf_name("/FlateDecode")},
                                  encoded_data=font_flate)
            ref = writer.add_object(stream)
            cidfont._font_descriptor[pdf_name("/FontFile2")] = ref
            return ref

        cidfont.set_font_file = set_font_file  # type: ignore[method-assign]

    def _init_parsed(self, parsed: ParsedStampFont_0_38, writer: Any, font_handle: Any,
                     font_size: Any, features: Any = None, ot_language_tag: Any = None,
                     ot_script_tag: Any = None, writing_direction: Any = None,
                     bcp47_lang_code: Any = None, obj_stream: Any = None) -> None:
        """pyHanko 0.38's ``GlyphAccumulator.__init__`` for a TrueType font, with the parse
        taken from ``parsed``."""
        self.hb_font = parsed.hb_font
        self.tt = tt = parsed.tt
        FontEngine.__init__(self, writer, parsed.base_ps_name, embedded_subset=True,
                            obj_stream=obj_stream, font_size=font_size)
        self._font_ref = writer.allocate_placeholder()
        # no 'CFF ' table (checked by ParsedStampFont_0_38.parse)
        self.cff_charset = None
        self.use_raw_gids = True
        self.cidfont_obj = CIDFontType2(tt, parsed.base_ps_name, self.subset_prefix)
        self.features = features
        self.units_per_em = parsed.units_per_em
        self._glyphs: dict[int, tuple[int, int]] = {}
        self._glyph_set = parsed.glyph_set
        self._cid_to_unicode: dict[int, str] = {}
        self._GlyphAccumulator__reverse_cmap = None
        self.ot_language_tag = _check_ot_tag(ot_language_tag)
        self.ot_script_tag = _check_ot_tag(ot_script_tag)
        if writing_direction is not None and writing_direction not in (
                "ltr", "rtl", "ttb", "btt"):
            raise ValueError("Writing direction must be one of 'ltr', 'rtl', 'ttb' or 'btt'.")
        self.writing_direction = writing_direction
        self.bcp47_lang_code = bcp47_lang_code
        self._subset_created = self._write_prepared = False

    def _extract_subset(self, options: Any = None) -> None:
        return None


def pyhanko_glyph_accumulator_init_digest() -> str:
    return hashlib.sha256(inspect.getsource(GlyphAccumulator.__init__).encode()).hexdigest()


@dataclass(frozen=True)
class PreparedFontFactory_0_38(GlyphAccumulatorFactory):
    """A ``GlyphAccumulatorFactory`` that reads the font from memory (no file per signature,
    and no leaked file handle: the stock factory never closes the one it opens), parsed once
    when ``parsed`` is given."""

    font_bytes: bytes = b""
    font_flate: bytes = b""  # font_bytes, Flate-compressed once
    parsed: ParsedStampFont_0_38 | None = None

    def create_font_engine(self, writer, obj_stream=None):
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return PresubsetGlyphAccumulator_0_38(
            writer=writer,
            font_handle=BytesIO(self.font_bytes),
            font_flate=self.font_flate,
            parsed=self.parsed,
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


class MetadataPreservingWriter_0_38(IncrementalPdfFileWriter):
    """Incremental writer that leaves /Info and the XMP metadata as the renderer wrote them.

    pyHanko 0.38 appends "; pyHanko x" to the Info /Producer but writes only "pyHanko x"
    into the XMP pdf:Producer, which breaks the Info/XMP equivalence PDF/A requires
    (ISO 19005-3, 6.6.3). The seal only needs its own objects, so metadata stays untouched
    (tests compare the metadata before and after).
    """

    def _update_meta(self) -> None:
        return


class PinnedTimePdfSigner_0_38(PdfSigner):
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

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._system_time
        return session

    def register_extensions(self, pdf_out, *, md_algorithm):
        pdf_out.ensure_output_version(version=(1, 7))
        if pdf_out.output_version < (2, 0):
            pdf_out.register_extension(signer_constants.ESIC_EXTENSION_1)
