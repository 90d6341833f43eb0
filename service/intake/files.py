"""Which reader a file goes to, by its content (never by its name alone), and the limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.config import EvidenceLimits
from service.intake import cii, csv, facturx, ubl, xml
from service.intake.model import (
    FileFault,
    IntakeInvalid,
    InvoiceRecord,
    Notice,
    Source,
    UnsupportedFile,
    fault,
    too_large,
)

MiB = 1024 * 1024


@dataclass(frozen=True)
class IntakeLimits:
    """Limits of one intake request (settings ``RECOUVRE_INTAKE_*``, see service.config)."""

    max_files: int = 50
    max_file_bytes: int = 10 * MiB
    max_rows: int = 5000
    #: the evidence bundle's limits: a Factur-X PDF is vetted as the bundle will parse it
    evidence: EvidenceLimits = field(default_factory=EvidenceLimits)


@dataclass(frozen=True)
class InputFile:
    name: str
    data: bytes
    media_type: str | None = None


def kind_of(f: InputFile) -> str | None:
    """``pdf``, ``xml``, ``csv`` or ``None`` (unsupported), from the first bytes."""
    head = f.data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Excel's « Texte Unicode »)
        return "csv"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return "xml"
    if not head or b"\x00" in head:
        return None
    media = (f.media_type or "").lower()
    name = f.name.lower()
    if media.startswith("text/") or media in ("application/csv", "application/vnd.ms-excel",
                                              "application/octet-stream", "") \
            or name.endswith((".csv", ".txt")):
        first = head.split(b"\n", 1)[0]
        if any(sep in first for sep in (b";", b",", b"\t")):
            return "csv"
    return None


def check_limits(files: list[InputFile], limits: IntakeLimits) -> None:
    if not files:
        raise IntakeInvalid([FileFault("files", "required", "Au moins un fichier est attendu"
                                       " (partie « files »).", "At least one file is expected"
                                       " (part 'files').")])
    if len(files) > limits.max_files:
        raise too_large(f"{len(files)} files, at most {limits.max_files}"
                        " (RECOUVRE_INTAKE_MAX_FILES).",
                        [FileFault("files", "too_many_files",
                                   f"{len(files)} fichiers, {limits.max_files} au plus.",
                                   f"{len(files)} files, at most {limits.max_files}.")])
    big = [fault(Source(i, f.name), "file_too_large",
                 f"{len(f.data)} octets, {limits.max_file_bytes} au plus.",
                 f"{len(f.data)} bytes, at most {limits.max_file_bytes}.")
           for i, f in enumerate(files) if len(f.data) > limits.max_file_bytes]
    if big:
        raise too_large(f"{len(big)} file(s) larger than {limits.max_file_bytes} bytes"
                        " (RECOUVRE_INTAKE_MAX_FILE_BYTES).", list(big))


def read_all(files: list[InputFile], *, mapping: dict[str, str], limits: IntakeLimits
             ) -> tuple[list[InvoiceRecord], list[Notice]]:
    """Every file read; the faults of all the files are reported together."""
    check_limits(files, limits)
    records: list[InvoiceRecord] = []
    notices: list[Notice] = []
    faults: list[FileFault] = []
    unsupported: list[FileFault] = []
    kinds = [kind_of(f) for f in files]
    vetted = facturx.vet_pdfs([(Source(i, f.name, "pdf"), f.data)
                               for i, (f, k) in enumerate(zip(files, kinds, strict=True))
                               if k == "pdf"], limits.evidence)
    for i, f in enumerate(files):
        kind = kinds[i]
        src = Source(i, f.name, kind or "")
        if i in vetted:
            faults += vetted[i]
            continue
        if kind is None:
            unsupported.append(fault(
                src, "unsupported_file_type",
                "format non pris en charge : Factur-X (PDF), UBL 2.1 ou CII (XML), CSV attendu.",
                "unsupported format: Factur-X (PDF), UBL 2.1 or CII (XML), or CSV expected."))
            continue
        try:
            if kind == "pdf":
                records.append(facturx.read_facturx(f.data, src))
            elif kind == "xml":
                records.append(_read_xml(f.data, src))
            else:
                got, said = csv.read_csv(f.data, src, mapping=mapping, max_rows=limits.max_rows)
                records += got
                notices += said
        except IntakeInvalid as exc:
            faults += [e if isinstance(e, FileFault) else fault(src, e.code, e.message_fr,
                                                                e.message_en) for e in exc.errors]
    if unsupported:
        raise UnsupportedFile(list(unsupported))
    if faults:
        raise IntakeInvalid(list(faults))
    return records, notices


def _read_xml(data: bytes, src: Source) -> InvoiceRecord:
    root = xml.parse(data, src)
    if root.tag == f"{{{xml.CII_NS}}}CrossIndustryInvoice":
        return cii.read_cii(root, src)
    if root.tag in (f"{{{xml.UBL_INVOICE_NS}}}Invoice", f"{{{xml.UBL_CREDIT_NS}}}CreditNote"):
        return ubl.read_ubl(root, src)
    raise IntakeInvalid([fault(src, "xml_not_invoice",
                               f"XML d’un type inconnu ({str(root.tag)[:120]}) : facture UBL 2.1"
                               " (Invoice, CreditNote) ou CII (CrossIndustryInvoice) attendue.",
                               f"XML of an unknown kind ({str(root.tag)[:120]}): a UBL 2.1"
                               " (Invoice, CreditNote) or CII (CrossIndustryInvoice) invoice is"
                               " expected.")])
