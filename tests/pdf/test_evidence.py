"""prepare_pieces: decoding, sniffing, sanitising, limits and the time limit (real files)."""

from __future__ import annotations

import base64
import subprocess
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from service.config import Settings
from service.errors import CaseInvalid
from service.model import Evidence
from service.pdf.evidence import EvidenceLimits, prepare_pieces, sniff
from tests.pdf import evidence_samples as s

LIMITS = EvidenceLimits()


def refused(items: list[Evidence], limits: EvidenceLimits = LIMITS) -> list[tuple[str, str]]:
    with pytest.raises(CaseInvalid) as caught:
        prepare_pieces(items, limits)
    assert caught.value.status == 422
    for error in caught.value.errors:
        assert error.message_fr and error.message_en and error.message_fr != error.message_en
    return [(e.path, e.code) for e in caught.value.errors]


def qdf(pdf: bytes) -> bytes:
    """The PDF with every stream uncompressed and no object streams (to grep it)."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "in.pdf"), Path(folder, "out.pdf")
        source.write_bytes(pdf)
        done = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(source),
                               str(target)], capture_output=True, check=False)
        assert done.returncode in (0, 3), done.stderr
        return target.read_bytes()


# --- limits ------------------------------------------------------------------------------------


def test_limits_defaults_and_environment() -> None:
    assert LIMITS.max_items == 50 and LIMITS.max_total_pages == 300
    assert LIMITS.max_total_bytes == 40 * 1024 * 1024 and LIMITS.parse_timeout_s == 10
    limits = Settings.from_environ({
        "RECOUVRE_EVIDENCE_MAX_ITEMS": "7",
        "RECOUVRE_EVIDENCE_MAX_TOTAL_PAGES": "12",
        "RECOUVRE_EVIDENCE_PARSE_TIMEOUT_S": "2.5",
        "RECOUVRE_EVIDENCE_MAX_ITEM_BYTES": "",
    }).evidence
    assert (limits.max_items, limits.max_total_pages, limits.parse_timeout_s) == (7, 12, 2.5)
    assert limits.max_item_bytes == LIMITS.max_item_bytes
    with pytest.raises(ValueError):
        Settings.from_environ({"RECOUVRE_EVIDENCE_MAX_ITEMS": "0"})


# --- the happy path ----------------------------------------------------------------------------


def test_pieces_numbered_in_order_with_page_counts_and_text_kept() -> None:
    texts = s.piece_texts("Contrat", 3)
    items = [
        Evidence("Contrat", "application/pdf", s.b64(s.text_pdf(texts)), date(2026, 1, 5)),
        s.item(s.jpeg(640, 480), "image/jpeg", "Photo"),
        s.item(s.png(300, 500), "image/png", "Capture"),
    ]
    pieces = prepare_pieces(items, LIMITS)
    assert [(p.number, p.title, p.pages) for p in pieces] == [
        (1, "Contrat", 3), (2, "Photo", 1), (3, "Capture", 1)]
    assert pieces[0].date == date(2026, 1, 5) and pieces[1].date is None
    assert [p.source_media_type for p in pieces] == ["application/pdf", "image/jpeg", "image/png"]
    assert [p.pdfa_compatible for p in pieces] == [False, True, True]
    assert all(p.warnings == () for p in pieces)
    reader = PdfReader(BytesIO(pieces[0].pdf))
    assert [page.extract_text().splitlines()[0] for page in reader.pages] == texts


def test_base64_with_line_wraps_is_accepted() -> None:
    wrapped = base64.encodebytes(s.text_pdf(["Ligne"])).decode()  # 76-column lines
    assert "\n" in wrapped
    [piece] = prepare_pieces([Evidence("Lettre", "application/pdf", wrapped)], LIMITS)
    assert piece.pages == 1


@pytest.mark.parametrize(("width", "height", "landscape"), [(1200, 800, True), (600, 900, False)])
def test_images_become_one_a4_page_in_their_orientation(width: int, height: int,
                                                         landscape: bool) -> None:
    for data, media in ((s.jpeg(width, height), "image/jpeg"), (s.png(width, height), "image/png")):
        [piece] = prepare_pieces([s.item(data, media)], LIMITS)
        box = PdfReader(BytesIO(piece.pdf)).pages[0].mediabox
        size = sorted((round(float(box.width)), round(float(box.height))))
        assert size == [595, 842]
        assert (box.width > box.height) is landscape


def test_jpeg_is_embedded_without_recompression() -> None:
    data = s.jpeg(500, 400)
    [piece] = prepare_pieces([s.item(data, "image/jpeg")], LIMITS)
    image = PdfReader(BytesIO(piece.pdf)).pages[0]["/Resources"]["/XObject"]["/Im0"]
    assert image["/Filter"] == "/DCTDecode" and image.get_data() == data


def _quadrant_colours(png_bytes: bytes) -> list[tuple[int, int, int]]:
    from PIL import Image

    image = Image.open(BytesIO(png_bytes)).convert("RGB")
    bbox = Image.eval(image, lambda v: 255 - v).getbbox()  # the non-white area
    assert bbox is not None
    x0, y0, x1, y1 = bbox
    points = [(x0 + (x1 - x0) * fx, y0 + (y1 - y0) * fy)
              for fy in (0.25, 0.75) for fx in (0.25, 0.75)]
    return [tuple(round(c / 255) * 255 for c in image.getpixel((int(x), int(y))))  # type: ignore[misc]
            for x, y in points]


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied(orientation: int) -> None:
    from PIL import Image, ImageOps

    data = s.jpeg(400, 300, orientation=orientation, quality=95)
    [piece] = prepare_pieces([s.item(data, "image/jpeg")], LIMITS)
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "in.pdf").write_bytes(piece.pdf)
        subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", "in.pdf", "out"],
                       cwd=folder, capture_output=True, check=True)
        rendered = Path(folder, "out.png").read_bytes()
    expected_image = ImageOps.exif_transpose(Image.open(BytesIO(data)))
    out = BytesIO()
    expected_image.save(out, "PNG")
    assert _quadrant_colours(rendered) == _quadrant_colours(out.getvalue())
    box = PdfReader(BytesIO(piece.pdf)).pages[0].mediabox
    assert (box.width > box.height) is (expected_image.width > expected_image.height)


def test_transparent_png_is_flattened_on_white() -> None:
    [piece] = prepare_pieces([s.item(s.png(200, 100, "RGBA"), "image/png")], LIMITS)
    image = PdfReader(BytesIO(piece.pdf)).pages[0]["/Resources"]["/XObject"]["/Im0"]
    assert image["/ColorSpace"] == "/DeviceRGB" and "/SMask" not in image


# --- hostile and broken inputs: one 422 each, naming the item -----------------------------------


def test_invalid_base64() -> None:
    items = [Evidence("x", "application/pdf", "JVBERi0x$$$"),
             Evidence("y", "application/pdf", "data:application/pdf;base64,JVBERi0x")]
    assert refused(items) == [
        ("case.evidence[0].content_base64", "evidence_base64_invalid"),
        ("case.evidence[1].content_base64", "evidence_base64_invalid"),
    ]


def test_garbage_declared_as_pdf() -> None:
    assert refused([s.item(s.garbage(), "application/pdf")]) == [
        ("case.evidence[0].content_base64", "evidence_pdf_corrupt")]


def test_png_declared_as_pdf_and_pdf_declared_as_jpeg() -> None:
    items = [s.item(s.png(10, 10), "application/pdf"),
             s.item(s.text_pdf(["x"]), "image/jpeg"),
             s.item(s.jpeg(10, 10), "image/png")]
    assert refused(items) == [
        ("case.evidence[0].media_type", "evidence_media_type_mismatch"),
        ("case.evidence[1].media_type", "evidence_media_type_mismatch"),
        ("case.evidence[2].media_type", "evidence_media_type_mismatch"),
    ]


def test_unsupported_media_type() -> None:
    assert refused([s.item(b"hello", "text/plain")]) == [
        ("case.evidence[0].media_type", "evidence_media_type_unsupported")]


def test_truncated_pdf() -> None:
    assert refused([s.item(s.truncated_pdf(), "application/pdf")]) == [
        ("case.evidence[0].content_base64", "evidence_pdf_corrupt")]


@pytest.mark.parametrize(("old", "new"), [
    (b"/Pages 2 0 R", b"/Pages 9 0 R"),  # catalog points to nothing
    (b"/Kids [3 0 R]", b"/Kids [7 0 R]"),  # page tree points to nothing
    (b"xref", b"xreX"),  # cross-reference table destroyed
    (b"endstream", b"endstrea_"),  # stream never ends
])
def test_pdf_damaged_inside(old: bytes, new: bytes) -> None:
    data = s.text_pdf(["Cassé"]).replace(old, new, 1)
    assert refused([s.item(data, "application/pdf")]) == [
        ("case.evidence[0].content_base64", "evidence_pdf_corrupt")]


def test_truncated_and_garbage_images() -> None:
    jpeg = s.jpeg(300, 200)
    items = [s.item(jpeg[: len(jpeg) // 2], "image/jpeg"),
             s.item(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png")]
    assert refused(items) == [
        ("case.evidence[0].content_base64", "evidence_image_corrupt"),
        ("case.evidence[1].content_base64", "evidence_image_corrupt"),
    ]


def test_encrypted_pdf() -> None:
    assert refused([s.item(s.encrypted_pdf(), "application/pdf")]) == [
        ("case.evidence[0].content_base64", "evidence_pdf_encrypted")]


def test_javascript_is_stripped_with_a_warning() -> None:
    [piece] = prepare_pieces([s.item(s.javascript_pdf(), "application/pdf", "Script")], LIMITS)
    assert [(w.code, w.path) for w in piece.warnings] == [
        ("evidence_javascript_removed", "case.evidence[0]")]
    assert piece.warnings[0].message_fr.startswith("Le code JavaScript")
    flat = qdf(piece.pdf)
    for marker in (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"app.alert"):
        assert marker not in flat
    assert PdfReader(BytesIO(piece.pdf)).pages[0].extract_text().startswith("Avec script")


def test_form_field_script_behind_a_widget_is_stripped() -> None:
    [piece] = prepare_pieces([s.item(s.form_script_pdf(), "application/pdf")], LIMITS)
    assert [w.code for w in piece.warnings] == ["evidence_javascript_removed"]
    flat = qdf(piece.pdf)
    assert b"/JavaScript" not in flat and b"launchURL" not in flat
    assert b"/Widget" in flat


def test_launch_action_is_stripped_with_a_warning() -> None:
    [piece] = prepare_pieces([s.item(s.launch_pdf(), "application/pdf")], LIMITS)
    assert [w.code for w in piece.warnings] == ["evidence_launch_removed"]
    flat = qdf(piece.pdf)
    assert b"/Launch" not in flat and b"calc.exe" not in flat
    assert b"/Link" in flat  # the annotation itself stays, without its action


def test_a_launch_action_shared_by_two_links_is_stripped_from_both() -> None:
    [piece] = prepare_pieces([s.item(s.shared_launch_pdf(), "application/pdf")], LIMITS)
    assert [w.code for w in piece.warnings] == ["evidence_launch_removed"]
    flat = qdf(piece.pdf)
    assert b"/Launch" not in flat and b"calc.exe" not in flat
    assert flat.count(b"/Link") == 2


def test_embedded_files_are_stripped_with_a_warning() -> None:
    [piece] = prepare_pieces([s.item(s.embedded_file_pdf(), "application/pdf")], LIMITS)
    assert [w.code for w in piece.warnings] == ["evidence_embedded_files_removed"]
    flat = qdf(piece.pdf)
    for marker in (b"/EmbeddedFile", b"/FileAttachment", b"payload.exe", b"hidden"):
        assert marker not in flat


def test_image_decompression_bomb() -> None:
    assert refused([s.item(s.bomb_png(), "image/png")]) == [
        ("case.evidence[0].content_base64", "evidence_image_bomb")]


def test_pdf_decompression_bomb() -> None:
    limits = EvidenceLimits(max_decoded_bytes=5_000_000)
    assert refused([s.item(s.flate_bomb_pdf(20_000_000), "application/pdf")], limits) == [
        ("case.evidence[0].content_base64", "evidence_pdf_bomb")]


def test_too_many_items() -> None:
    items = [s.item(s.text_pdf(["x"]), "application/pdf")] * 4
    assert refused(items, EvidenceLimits(max_items=3)) == [
        ("case.evidence", "evidence_too_many_items")]


def test_too_many_pages_per_item_and_in_total() -> None:
    limits = EvidenceLimits(max_total_pages=5)
    assert refused([s.item(s.text_pdf(["p"] * 6), "application/pdf")], limits) == [
        ("case.evidence[0]", "evidence_too_many_pages")]
    three = s.item(s.text_pdf(["p"] * 3), "application/pdf")
    assert refused([three, three], limits) == [("case.evidence", "evidence_too_many_pages")]


def test_oversized_item_and_total() -> None:
    pdf = s.text_pdf(["x"])
    assert refused([s.item(pdf, "application/pdf")], EvidenceLimits(max_item_bytes=100)) == [
        ("case.evidence[0].content_base64", "evidence_too_large")]
    limits = EvidenceLimits(max_total_bytes=len(pdf) * 2 - 1)
    assert refused([s.item(pdf, "application/pdf")] * 2, limits) == [
        ("case.evidence", "evidence_total_too_large")]


def test_parse_timeout_names_the_item_and_the_others_still_pass() -> None:
    slow = s.noise_png(2000, 2000)  # 12 MB of pixels to decode and compress
    limits = EvidenceLimits(parse_timeout_s=0.1)
    items = [s.item(s.text_pdf(["a"]), "application/pdf"), s.item(slow, "image/png"),
             s.item(s.garbage(), "application/pdf"), s.item(s.jpeg(10, 10), "image/jpeg")]
    assert refused(items, limits) == [
        ("case.evidence[1]", "evidence_parse_timeout"),
        ("case.evidence[2].content_base64", "evidence_pdf_corrupt"),
    ]
    assert len(prepare_pieces([items[0], items[3]], limits)) == 2


def test_every_faulty_item_is_listed_once() -> None:
    items = [
        s.item(s.text_pdf(["bon"]), "application/pdf"),
        s.item(s.encrypted_pdf(), "application/pdf"),
        s.item(s.jpeg(50, 50), "image/jpeg"),
        s.item(s.truncated_pdf(), "application/pdf"),
        Evidence("z", "image/png", "!!"),
        s.item(s.bomb_png(), "image/png"),
    ]
    assert refused(items) == [
        ("case.evidence[1].content_base64", "evidence_pdf_encrypted"),
        ("case.evidence[3].content_base64", "evidence_pdf_corrupt"),
        ("case.evidence[4].content_base64", "evidence_base64_invalid"),
        ("case.evidence[5].content_base64", "evidence_image_bomb"),
    ]


def test_sniff() -> None:
    assert sniff(s.text_pdf(["x"])) == "pdf"
    assert sniff(s.jpeg(4, 4)) == "jpeg" and sniff(s.png(4, 4)) == "png"
    assert sniff(b"GIF89a....") == "gif" and sniff(b"PK\x03\x04rest") == "zip"
    assert sniff(b"\x00\x01") == "unknown"
