"""PAdES sealing: signatures checked from the outside (pyHanko, pdfsig, qpdf, pdftotext)."""

from __future__ import annotations

import hashlib
import logging
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
import weasyprint
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from service.config import Settings, SigningSettings
from service.errors import RecouvreError
from service.paths import LIBERATION_SANS
from service.pdf.pki import (
    SigningConfigError,
    TestPki,
    load_pkcs12,
    make_test_pki,
    to_asn1_cert,
    to_asn1_key,
)
from service.pdf.sign import FIELD_NAME, SealSigner, SignatureBox
from service.pdf.verify import pdfsig_report, verify_pdf

PASSWORD = "s3cr3t-Pa55phrase-§"
BOX = SignatureBox(page=1, x1=300, y1=60, x2=550, y2=140)


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    html = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
    <title>Mise en demeure</title><style>
    @font-face {{ font-family: "Recouvre Sans"; src: url("{LIBERATION_SANS.as_uri()}"); }}
    body {{ font-family: "Recouvre Sans"; font-size: 11pt; }}
    .next {{ break-before: page; }}
    </style></head><body>
    <h1>Mise en demeure de payer</h1><p>Montant dû : 1 250,00 €</p>
    <p class="next">Page deux : pièces jointes.</p>
    </body></html>"""
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")


@pytest.fixture(scope="module")
def signer() -> SealSigner:
    return SealSigner.from_settings(SigningSettings())


@pytest.fixture(scope="module")
def pki(signer: SealSigner) -> TestPki:
    assert signer.test_pki is not None
    return signer.test_pki


@pytest.fixture(scope="module")
def tsa(pki: TestPki) -> DummyTimeStamper:
    return DummyTimeStamper(tsa_cert=to_asn1_cert(pki.tsa_cert), tsa_key=to_asn1_key(pki.tsa_key))


def _fonts(obj: object, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font dictionary reachable from ``obj`` through /Resources and appearance streams."""
    obj = obj.get_object() if hasattr(obj, "get_object") else obj
    if not isinstance(obj, DictionaryObject) or id(obj) in seen:
        return
    seen.add(id(obj))
    resources = obj.get("/Resources")
    if resources is not None:
        resources = resources.get_object()
        for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
            yield font.get_object()
        for xobject in (resources.get("/XObject") or DictionaryObject()).get_object().values():
            yield from _fonts(xobject, seen)
    appearance = obj.get("/AP")
    if appearance is not None:
        for stream in appearance.get_object().values():
            yield from _fonts(stream, seen)


def _all_fonts(pdf: bytes) -> list[DictionaryObject]:
    reader = PdfReader(BytesIO(pdf))
    seen: set[int] = set()
    fonts = []
    for page in reader.pages:
        fonts += _fonts(page, seen)
        for annot in page.get("/Annots") or []:
            fonts += _fonts(annot, seen)
    return fonts


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _assert_sealed(pdf: bytes, signed: bytes, roots: list, *, timestamp: bool) -> None:
    assert signed.startswith(pdf), "the seal must be an incremental update of the input"
    reports = verify_pdf(signed, roots)
    assert len(reports) == 1
    report = reports[0]
    assert report.field_name == FIELD_NAME
    assert report.intact and report.valid and report.trusted and report.bottom_line
    assert report.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert report.modification_level == ModificationLevel.NONE
    assert report.ok
    assert report.timestamp_present is timestamp
    if timestamp:
        assert report.timestamp_valid is True


@pytest.mark.parametrize("visible", [None, BOX], ids=["invisible", "visible"])
def test_b_b_seal_validates_with_pyhanko_pdfsig_and_qpdf(
    signer: SealSigner,
    pki: TestPki,
    unsigned_pdf: bytes,
    visible: SignatureBox | None,
    tmp_path: Path,
) -> None:
    signed, info = signer.sign(
        unsigned_pdf, visible=visible, reason="Scellement du document émis", location="Paris"
    )
    _assert_sealed(unsigned_pdf, signed, [pki.root_cert], timestamp=False)
    report = verify_pdf(signed, [pki.root_cert])[0]
    assert report.signer == info.signer == signer.subject
    assert "TEST" in report.signer

    pdfsig = pdfsig_report(signed)
    assert "Signature Field Name: RecouvreSeal" in pdfsig
    assert "Signature is Valid." in pdfsig
    assert "Total document signed" in pdfsig
    assert "ETSI.CAdES.detached" in pdfsig

    # Still PDF/A-3b: PDF 1.7 catalog, PDF/A identification untouched (same metadata object).
    catalog = PdfReader(BytesIO(signed)).trailer["/Root"]
    assert catalog.get("/Version") in (None, "/1.7")
    assert "/ISO_" not in catalog.get("/Extensions", {})
    assert "/ESIC" in catalog["/Extensions"]
    assert (
        catalog["/Metadata"].get_object().get_data()
        == PdfReader(BytesIO(unsigned_pdf)).trailer["/Root"]["/Metadata"].get_object().get_data()
    )
    assert b"pdfaid:part" in catalog["/Metadata"].get_object().get_data()
    info = PdfReader(BytesIO(signed)).trailer["/Info"].get_object()
    assert info["/Producer"] == PdfReader(BytesIO(unsigned_pdf)).metadata.producer

    target = tmp_path / "signed.pdf"
    target.write_bytes(signed)
    with_check = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, check=False)
    assert with_check.returncode == 0, with_check.stdout + with_check.stderr


def test_signature_info_is_exactly_the_public_facts(
    signer: SealSigner, pki: TestPki, unsigned_pdf: bytes
) -> None:
    _, info = signer.sign(unsigned_pdf, reason="Scellement")
    facts = info.as_dict()
    assert set(facts) == {"level", "signer", "signed_at", "certificate_sha256", "test_certificate"}
    assert facts["level"] == "PAdES-B-B"
    assert facts["test_certificate"] is True
    der = pki.seal_cert.public_bytes(serialization.Encoding.DER)
    assert facts["certificate_sha256"] == hashlib.sha256(der).hexdigest()
    assert facts["certificate_sha256"] == signer.certificate_sha256
    assert datetime.fromisoformat(facts["signed_at"]).tzinfo is not None
    assert facts["signer"].startswith("CN=Recouvre TEST seal")


def test_invalid_signature_is_detected(signer: SealSigner, pki: TestPki, unsigned_pdf: bytes):
    signed, _ = signer.sign(unsigned_pdf, reason="Scellement")
    other_root = make_test_pki().root_cert
    assert not verify_pdf(signed, [other_root])[0].trusted
    # Flip one byte inside the signed range (the page content of the original revision).
    position = signed.index(b"stream", 200) + 20
    tampered = signed[:position] + bytes([signed[position] ^ 0xFF]) + signed[position + 1 :]
    assert not verify_pdf(tampered, [pki.root_cert])[0].intact


def test_every_font_is_embedded_after_a_visible_seal(
    signer: SealSigner, unsigned_pdf: bytes
) -> None:
    signed, _ = signer.sign(unsigned_pdf, visible=BOX, reason="Scellement")
    fonts = _all_fonts(signed)
    stamp_fonts = [f for f in fonts if "Liberation" in str(f.get("/BaseFont"))]
    assert len(fonts) > len(_all_fonts(unsigned_pdf)), "the stamp must bring its own font"
    assert stamp_fonts
    for font in fonts:
        assert _embedded(font), f"font not embedded: {font.get('/BaseFont')}"
        assert "Courier" not in str(font.get("/BaseFont"))


def test_visible_stamp_text_and_metrics(signer: SealSigner, unsigned_pdf: bytes) -> None:
    moment = datetime(2026, 3, 1, 9, 5, tzinfo=UTC)
    signed, info = signer.sign(unsigned_pdf, visible=BOX, reason="Scellement", signing_time=moment)
    assert info.signed_at == moment
    page2 = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-", "-"],
        input=signed,
        capture_output=True,
        check=True,
    ).stdout.decode()
    flat = " ".join(page2.split())
    assert "Cachet électronique de scellement" in flat
    assert "CERTIFICAT DE TEST" in flat
    assert "Ne vaut pas signature manuscrite du signataire." in flat
    # 10:05 in Paris (UTC+1 in March), French date format with non-breaking spaces.
    assert "le 1er\u00a0mars\u00a02026 à 10\u00a0h\u00a005" in page2
    assert "Recouvre (TEST)" in flat

    # Glyph widths are in thousandths of an em (the 2048-unit TrueType trap): the stamp
    # font's widest Latin glyph stays under one em.
    stamp_font = next(f for f in _all_fonts(signed) if "Liberation" in str(f.get("/BaseFont")))
    widths = stamp_font["/DescendantFonts"][0].get_object()["/W"]
    numbers = [w for chunk in widths if isinstance(chunk, list) for w in chunk]
    assert numbers and max(numbers) <= 1000 and min(numbers) >= 200


def test_pinned_signing_time_is_in_the_cms(signer: SealSigner, pki: TestPki, unsigned_pdf: bytes):
    moment = datetime(2026, 6, 15, 12, 0, 0, tzinfo=UTC)
    signed, _ = signer.sign(unsigned_pdf, reason="Scellement", signing_time=moment)
    report = verify_pdf(signed, [pki.root_cert])[0]
    assert report.signing_time == moment
    assert "Jun 15 2026" in pdfsig_report(signed)


def test_b_t_has_a_valid_timestamp_token(
    signer: SealSigner, pki: TestPki, tsa: DummyTimeStamper, unsigned_pdf: bytes
) -> None:
    signed, info = signer.sign(
        unsigned_pdf, level="PAdES-B-T", visible=BOX, reason="Scellement", timestamper=tsa
    )
    assert info.level == "PAdES-B-T"
    _assert_sealed(unsigned_pdf, signed, [pki.root_cert], timestamp=True)
    report = verify_pdf(signed, [pki.root_cert])[0]
    assert report.timestamp_time is not None
    assert abs(report.timestamp_time - datetime.now(UTC)) < timedelta(minutes=5)


def test_b_lt_embeds_a_dss_in_the_signed_revision(
    signer: SealSigner, pki: TestPki, tsa: DummyTimeStamper, unsigned_pdf: bytes
) -> None:
    signed, info = signer.sign(
        unsigned_pdf, level="PAdES-B-LT", reason="Scellement", timestamper=tsa
    )
    assert info.level == "PAdES-B-LT"
    reader = PdfReader(BytesIO(signed))
    dss = reader.trailer["/Root"]["/DSS"].get_object()
    assert len(dss["/Certs"]) >= 2
    assert len(dss["/CRLs"]) == 1
    crl_der = dss["/CRLs"][0].get_object()
    assert isinstance(crl_der, StreamObject)
    assert crl_der.get_data() == pki.crl.public_bytes(serialization.Encoding.DER)
    # Validated with hard-fail revocation checking from the DSS alone.
    _assert_sealed(unsigned_pdf, signed, [pki.root_cert], timestamp=True)
    assert verify_pdf(signed, [pki.root_cert])[0].dss_present
    assert "Total document signed" in pdfsig_report(signed)


@pytest.mark.parametrize("level", ["PAdES-B-T", "PAdES-B-LT"])
def test_timestamped_levels_without_a_tsa_are_a_422(
    signer: SealSigner, unsigned_pdf: bytes, level: str
) -> None:
    assert signer.levels == ("PAdES-B-B",)
    with pytest.raises(RecouvreError) as caught:
        signer.sign(unsigned_pdf, level=level, reason="Scellement")
    assert caught.value.status == 422
    assert caught.value.errors[0].path == "options.signature_level"
    assert caught.value.errors[0].code == "timestamp_unavailable"


def test_unknown_level_and_bad_box_are_422(signer: SealSigner, unsigned_pdf: bytes) -> None:
    with pytest.raises(RecouvreError) as caught:
        signer.sign(unsigned_pdf, level="PAdES-B-LTA", reason="Scellement")
    assert caught.value.status == 422
    assert caught.value.errors[0].code == "unknown_signature_level"
    with pytest.raises(RecouvreError) as caught:
        signer.sign(unsigned_pdf, visible=SignatureBox(5, 10, 10, 200, 60), reason="Scellement")
    assert caught.value.errors[0].path == "options.signature_box"
    with pytest.raises(RecouvreError):
        SignatureBox(0, 100, 100, 90, 200)


def test_unreachable_tsa_is_a_503(unsigned_pdf: bytes, pki: TestPki) -> None:
    signer = SealSigner.from_test_pki(pki, tsa_url="http://127.0.0.1:9/tsa")
    assert signer.levels == ("PAdES-B-B", "PAdES-B-T", "PAdES-B-LT")
    with pytest.raises(RecouvreError) as caught:
        signer.sign(unsigned_pdf, level="PAdES-B-T", reason="Scellement")
    assert caught.value.status == 503


def _write_p12(tmp_path: Path, pki: TestPki, *, rsa_key: bool = False) -> Path:
    path = tmp_path / "seal.p12"
    if rsa_key:
        # An RSA seal certificate issued by the same test root (exercises the cached RSA key).
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        base = pki.seal_cert
        builder = (
            x509.CertificateBuilder()
            .subject_name(base.subject)
            .issuer_name(base.issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(base.not_valid_before_utc)
            .not_valid_after(base.not_valid_after_utc)
        )
        for ext in base.extensions:
            if ext.oid != x509.ExtensionOID.SUBJECT_KEY_IDENTIFIER:
                builder = builder.add_extension(ext.value, ext.critical)
        cert = builder.sign(pki.root_key, hashes.SHA256())
        data = pkcs12.serialize_key_and_certificates(
            b"seal",
            key,
            cert,
            [pki.root_cert],
            serialization.BestAvailableEncryption(PASSWORD.encode()),
        )
    else:
        data = pki.seal_pkcs12(PASSWORD.encode())
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("rsa_key", [False, True], ids=["ecdsa", "rsa"])
def test_p12_from_environ_is_production_and_never_leaks_the_password(
    tmp_path: Path,
    pki: TestPki,
    unsigned_pdf: bytes,
    caplog: pytest.LogCaptureFixture,
    rsa_key: bool,
) -> None:
    path = _write_p12(tmp_path, pki, rsa_key=rsa_key)
    caplog.set_level(logging.DEBUG)
    settings = Settings.from_environ(
        {
            "RECOUVRE_SIGNING_P12": str(path),
            "RECOUVRE_SIGNING_P12_PASSWORD": PASSWORD,
            "RECOUVRE_SIGNER_NAME": "Recouvre SAS",
        }
    )
    assert PASSWORD not in repr(settings) + repr(settings.signing)
    signer = SealSigner.from_settings(settings.signing)
    assert signer.test_certificate is False
    assert signer.test_pki is None
    signed, info = signer.sign(unsigned_pdf, visible=BOX, reason="Scellement")
    assert info.test_certificate is False
    _assert_sealed(unsigned_pdf, signed, [pki.root_cert], timestamp=False)
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-", "-"], input=signed, capture_output=True
    ).stdout.decode()
    assert "Recouvre SAS" in text and "CERTIFICAT DE TEST" not in text

    public = [repr(signer), str(signer), repr(signer.describe()), caplog.text, repr(vars(signer))]
    for shown in public:
        assert PASSWORD not in shown
    assert signer.describe()["test_certificate"] is False
    assert signer.describe()["certificate_sha256"] == signer.certificate_sha256


def test_wrong_password_is_a_config_error_without_the_password(
    tmp_path: Path, pki: TestPki, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write_p12(tmp_path, pki)
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-password-42"
    with pytest.raises(SigningConfigError) as caught:
        SealSigner.from_settings(Settings.from_environ(
            {"RECOUVRE_SIGNING_P12": str(path), "RECOUVRE_SIGNING_P12_PASSWORD": wrong}
        ).signing)
    assert wrong not in str(caught.value) and wrong not in caplog.text
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    with pytest.raises(SigningConfigError):
        load_pkcs12(str(tmp_path / "missing.p12"), None)
    credential = load_pkcs12(str(path), PASSWORD.encode())
    assert credential.cert == pki.seal_cert and credential.chain == (pki.root_cert,)


def test_test_pki_shape(pki: TestPki) -> None:
    from cryptography import x509

    seal = pki.seal_cert
    assert "NOT FOR PRODUCTION" in seal.subject.rfc4514_string()
    assert "NOT FOR PRODUCTION" in pki.root_cert.subject.rfc4514_string()
    usage = seal.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert seal.not_valid_after_utc - seal.not_valid_before_utc == timedelta(days=730)
    assert seal.not_valid_before_utc < datetime.now(UTC) < seal.not_valid_after_utc
    assert isinstance(pki.tsa_key, rsa.RSAPrivateKey)
    assert pki.crl.is_signature_valid(pki.root_cert.public_key())
    # Two PKIs built the same month share their validity window (stable tests).
    assert make_test_pki().seal_cert.not_valid_before_utc == seal.not_valid_before_utc


def _signed_attributes(signed: bytes) -> dict[str, bytes]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    signer_info = PdfFileReader(BytesIO(signed)).embedded_signatures[0].signer_info
    return {attr["type"].native: attr["values"].dump() for attr in signer_info["signed_attrs"]}


@pytest.mark.parametrize("level", ["PAdES-B-B", "PAdES-B-T", "PAdES-B-LT"])
def test_signed_attributes_are_pyhankos_own(signer: SealSigner, tsa: DummyTimeStamper,
                                            unsigned_pdf: bytes, level: str) -> None:
    """The once-encoded signing-certificate-v2 attribute gives the signed attributes pyHanko's
    default PAdES spec gives: same types, same certificate reference, no signing-time."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers import PdfSignatureMetadata, sign_pdf

    ours = _signed_attributes(signer.sign(unsigned_pdf, level=level, reason="test",
                                          timestamper=tsa)[0])
    stock_signer = signer._signer
    spec, stock_signer.signed_attr_prov_spec = stock_signer.signed_attr_prov_spec, None
    try:
        stock = _signed_attributes(sign_pdf(
            IncrementalPdfFileWriter(BytesIO(unsigned_pdf)),
            PdfSignatureMetadata(field_name="Stock", md_algorithm="sha256",
                                 subfilter=SigSeedSubFilter.PADES),
            signer=stock_signer, timestamper=tsa if level != "PAdES-B-B" else None,
        ).getvalue())
    finally:
        stock_signer.signed_attr_prov_spec = spec
    assert sorted(ours) == sorted(stock) == ["content_type", "message_digest",
                                             "signing_certificate_v2"]
    assert ours["signing_certificate_v2"] == stock["signing_certificate_v2"]
    assert ours["content_type"] == stock["content_type"]


def _stamp_parts(signed: bytes) -> dict[str, object]:
    """The visible seal as a reader sees it: the appearance stream's operators, the stamp
    font's widths, Unicode map and descriptor metrics (the random subset tag left out)."""
    import re

    page = PdfReader(BytesIO(signed)).pages[1]
    widget = next(a.get_object() for a in page["/Annots"]
                  if a.get_object().get("/FT") == "/Sig")
    appearance = widget["/AP"]["/N"].get_object()
    font = next(f for f in _all_fonts(signed) if "Liberation" in str(f.get("/BaseFont")))
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()

    def untagged(value: object) -> str:
        return re.sub(r"/?[A-Z]{6}\+", "TAG+", str(value))

    return {
        "appearance": untagged(appearance.get_data()),
        "fonts": sorted(appearance["/Resources"]["/Font"]),
        "widths": str(descendant["/W"]),
        "to_unicode": font["/ToUnicode"].get_object().get_data(),
        "descriptor": {k: untagged(v) for k, v in descriptor.items() if k != "/FontFile2"},
        "font_file": descriptor["/FontFile2"].get_object().get_data(),
        "base_font": untagged(font["/BaseFont"]),
    }


def test_i15_6_stamp_font_parsed_once_draws_the_same_seal(
    signer: SealSigner, pki: TestPki, unsigned_pdf: bytes
) -> None:
    """The stamp font parsed once per process (ParsedStampFont_0_38) gives the seal pyHanko's
    own per-signature parse gives: same appearance, same font objects; it still verifies."""
    import dataclasses

    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    from service.pdf.sign import pyhanko_compat

    # pyHanko's GlyphAccumulator.__init__ is the one repeated in _init_parsed
    assert (pyhanko_compat.pyhanko_glyph_accumulator_init_digest()
            == pyhanko_compat.PYHANKO_GLYPH_ACCUMULATOR_INIT_SHA256)
    assert GlyphAccumulator.__init__ is not pyhanko_compat.PresubsetGlyphAccumulator_0_38.__init__
    assert signer._font.parsed is not None
    moment = datetime(2026, 3, 1, 9, 5, tzinfo=UTC)
    once, _ = signer.sign(unsigned_pdf, visible=BOX, reason="Scellement", signing_time=moment)
    again, _ = signer.sign(unsigned_pdf, visible=BOX, reason="Scellement", signing_time=moment)
    parsed_font = signer._font
    signer._font = dataclasses.replace(parsed_font, parsed=None)
    try:
        stock, _ = signer.sign(unsigned_pdf, visible=BOX, reason="Scellement",
                               signing_time=moment)
    finally:
        signer._font = parsed_font
    assert _stamp_parts(once) == _stamp_parts(stock) == _stamp_parts(again)
    assert "Cachet électronique de scellement" in " ".join(_text(once).split())
    assert _text(once) == _text(stock)
    _assert_sealed(unsigned_pdf, once, [pki.root_cert], timestamp=False)
    assert "Signature is Valid." in pdfsig_report(once)


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()
