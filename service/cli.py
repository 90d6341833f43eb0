"""The ``recouvre`` command line.

    recouvre render KIND case.json -o out.pdf [--option key=value ...] [--json]
    recouvre decompte case.json [--json]
    recouvre validate case.json [--kind KIND]
    recouvre batch items.ndjson -o out/ [--jobs N] [--server URL ...]
    recouvre serve [--host H] [--port P] [--workers N]
    recouvre check-templates [--update]
    recouvre case-from-invoices FILES... [--case defaults.json] [--mapping m.json] -o cases/

A case file holds either the case itself or ``{"case": ..., "options": ...}`` (``kind`` too
for the template fixtures). Exit codes: 0 success, 1 invalid case / failed item / template
regression, 2 unusable input (unreadable file, bad arguments).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from service.config import Settings
from service.errors import RecouvreError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Input the command cannot use at all (exit 2)."""


def _read_json(path: str) -> Any:
    from service.jsonio import BadJson, parse_json

    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return parse_json(data)
    except BadJson as exc:
        raise UsageError(f"{path}: {exc.detail}") from None


def _request(path: str) -> dict[str, Any]:
    """``{"case", "options"[, "kind"]}`` from a file holding either that or a bare case."""
    data = _read_json(path)
    if isinstance(data, dict) and "case" in data:
        return dict(data)
    return {"case": data}


def parse_option(text: str) -> tuple[list[str], Any]:
    """``key=value`` (``postage.level=R2`` nests); the value is JSON when it parses (numbers,
    true/false, objects), else a string."""
    from service.jsonio import BadJson, parse_json

    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UsageError(f"--option {text!r}: expected key=value")
    try:
        parsed: Any = parse_json(value.encode("utf-8"))
    except BadJson:
        parsed = value
    return [k.strip() for k in key.split(".")], parsed


def merge_options(base: Any, pairs: Sequence[str]) -> dict[str, Any]:
    options: dict[str, Any] = dict(base) if isinstance(base, dict) else {}
    for text in pairs:
        keys, value = parse_option(text)
        target = options
        for k in keys[:-1]:
            nested = target.get(k)
            target[k] = nested = dict(nested) if isinstance(nested, dict) else {}
            target = nested
        target[keys[-1]] = value
    return options


def _print_problem(exc: RecouvreError, stream: Any = None) -> None:
    stream = stream or sys.stderr
    stream.write(f"{exc.title} ({exc.status}): {exc.detail}\n")
    for e in exc.errors:
        stream.write(f"  {e.path}: {e.message_en}\n    {e.message_fr}\n")


def _json_out(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


# --------------------------------------------------------------------------- commands


def cmd_render(args: argparse.Namespace) -> int:
    from service.contract import load_request
    from service.documents.generate import generate
    from service.documents.registry import get_kind
    from service.runtime import Runtime

    body = _request(args.case)
    body.pop("kind", None)
    body["options"] = merge_options(body.get("options"), args.option or [])
    try:
        case, options = load_request(body, get_kind(args.kind))
        doc = generate(args.kind, case, options, Runtime(Settings.from_environ()))
    except RecouvreError as exc:
        _print_problem(exc)
        return EXIT_FAILED
    if args.output == "-":
        sys.stdout.buffer.write(doc.content)
        sys.stdout.buffer.flush()
    else:
        out = Path(args.output or doc.filename)
        if out.is_dir():
            out = out / doc.filename
        out.write_bytes(doc.content)
        if args.json:
            _json_out(dict(doc.metadata(), path=str(out)))
        else:
            sys.stderr.write(f"{out}: {doc.kind}, {doc.pages} page(s), sha256 {doc.sha256}\n")
    for w in doc.warnings:
        sys.stderr.write(f"warning {w['code']}: {w['message_en']}\n")
    return EXIT_OK


def _table(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                 for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_statement(st: dict[str, Any]) -> str:
    """The décompte as a terminal table (amounts in euros, rates in percent)."""
    head = ["Invoice", "Due", "Amount", "Paid", "Outstanding", "Interest", "Indemnity"]
    rows = [head]
    for inv in st["invoices"]:
        rows.append([str(inv["number"]), str(inv["due_date"]), inv["amount"], inv["paid"],
                     inv["outstanding"], inv["interest"], inv["indemnity"]])
    t = st["totals"]
    rows.append(["Total", "", t["amount"], t["paid"], t["outstanding"], t["interest"],
                 t["indemnities"]])
    out = [f"Décompte as of {st['as_of']} ({st['regime']})", "",
           _table(rows, right={2, 3, 4, 5, 6}), "", f"Total due: {t['total_due']} EUR"]
    periods = [["Invoice", "From", "To", "Days", "Principal", "Rate %", "Interest"]]
    for inv in st["invoices"]:
        for p in inv.get("periods", []):
            rate = f"{Decimal(p['rate']) * 100:.2f}" if p.get("rate") is not None else "-"
            periods.append([str(inv["number"]), p["from"], p["to"], str(p["days"]),
                            p["principal"], rate, p["amount"]])
    if len(periods) > 1:
        out += ["", "Interest periods", _table(periods, right={3, 4, 5, 6})]
    for w in st.get("warnings", []):
        out.append(f"warning {w['code']}: {w['message_en']}")
    return "\n".join(out)


def cmd_decompte(args: argparse.Namespace) -> int:
    from service.contract import load_request
    from service.statement import statement

    body = _request(args.case)
    try:
        case, _ = load_request({"case": body.get("case")}, with_options=False)
        st = statement(case)
    except RecouvreError as exc:
        _print_problem(exc)
        return EXIT_FAILED
    if args.json:
        _json_out(st)
    else:
        sys.stdout.write(format_statement(st) + "\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from service.contract import load_request
    from service.documents.facts import CaseFacts
    from service.documents.registry import check_kind, get_kind
    from service.errors import CaseInvalid

    body = _request(args.case)
    kind = args.kind or body.pop("kind", None)
    body.pop("kind", None)
    errors = []
    spec = None
    try:
        if kind is not None:
            try:
                spec = get_kind(kind)
            except CaseInvalid as exc:
                errors += exc.errors
        case, options = load_request(body, spec)
        if errors:
            raise CaseInvalid(errors)
        facts = CaseFacts(case)
        warnings = facts.statement["warnings"]
        if spec is not None:
            check_kind(spec, case, facts, options)
    except RecouvreError as exc:
        errors = list(dict.fromkeys(errors + exc.errors))
        sys.stdout.write(f"invalid: {len(errors)} error(s)\n")
        for e in errors:
            sys.stdout.write(f"  {e.path}: {e.message_en}\n    {e.message_fr}\n")
        if not exc.errors:
            sys.stdout.write(f"  {exc.title}: {exc.detail}\n")
        return EXIT_FAILED
    sys.stdout.write("valid" + (f" for {kind}" if kind else "") + "\n")
    for w in warnings:
        sys.stdout.write(f"warning {w['code']}: {w['message_en']}\n")
    return EXIT_OK


class Progress:
    """``\\r``-redrawn progress bar on a terminal; a line every few seconds otherwise."""

    def __init__(self, total: int, stream: IO[str] | None = None, width: int = 28) -> None:
        self.total = total
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.done = 0
        self.base = 0  # items already done before this run (skipped)
        self._last = 0.0
        self._tty = bool(stream is not None and stream.isatty())

    def skip(self, n: int) -> None:
        self.base += n
        self.done += n

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.draw()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rendered = self.done - self.base
        rate = rendered / elapsed
        left = self.total - self.done
        eta = f"{int(left / rate) // 60}:{int(left / rate) % 60:02d}" if rate > 0 else "--:--"
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        return f"[{bar}] {self.done}/{self.total}  {rate:5.1f} doc/s  ETA {eta}"

    def draw(self, final: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if self._tty:
            if final or now - self._last >= 0.1:
                self.stream.write("\r" + self.line() + ("\n" if final else ""))
                self.stream.flush()
                self._last = now
        elif final or now - self._last >= 5.0:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self._last = now


def print_errors(entries: Iterable[dict[str, Any]], stream: IO[str] = sys.stderr) -> None:
    """One line per item in error of a batch manifest."""
    for e in entries:
        if e.get("status") != "error":
            continue
        problem = e.get("problem") or {}
        where = "; ".join(f"{x.get('path')}: {x.get('message_en')}"
                          for x in problem.get("errors", [])[:5])
        stream.write(f"  item {e['index']} ({e.get('id') or '-'}, {e.get('kind') or '-'}): "
                     f"{problem.get('status')} {problem.get('title')}"
                     f"{' — ' + where if where else ' — ' + str(problem.get('detail', ''))}\n")


def cmd_batch(args: argparse.Namespace) -> int:
    from service import batch

    path = args.items
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        items = batch.read_items(data)
    except RecouvreError as exc:
        _print_problem(exc)
        return EXIT_USAGE
    if not items:
        raise UsageError(f"{path}: no item")
    servers = args.server or []
    jobs = args.jobs or (2 * len(servers) if servers else os.cpu_count() or 1)
    stats = batch.run_to_directory(
        items, Path(args.output), jobs=jobs, servers=servers,
        api_key=args.api_key or Settings.from_environ().client_api_key,
        progress=None if args.quiet else Progress(len(items), sys.stderr))
    entries = batch.previous_entries(Path(args.output))
    print_errors(entries[i] for i in sorted(entries))
    sys.stdout.write(
        f"{stats.total} item(s): {stats.ok} ok, {stats.error} error(s); rendered {stats.rendered},"
        f" skipped {stats.skipped} (already done) in {stats.seconds:.1f} s"
        f" ({stats.rate:.1f} doc/s) → {Path(args.output) / batch.MANIFEST}\n")
    return EXIT_OK if stats.error == 0 and stats.ok == stats.total else EXIT_FAILED


def cmd_serve(args: argparse.Namespace) -> int:
    argv = [sys.executable, "-m", "gunicorn", "--preload", "--workers", str(args.workers),
            "--bind", f"{args.host}:{args.port}", "--max-requests", "1000",
            "--max-requests-jitter", "100", "--timeout", str(args.timeout),
            "service.app:create_app()"]
    sys.stdout.flush()
    os.execv(sys.executable, argv)
    return EXIT_FAILED  # execv does not return


def cmd_check_templates(args: argparse.Namespace) -> int:
    from service.golden import GOLDEN_DIR, check_templates

    fixtures = Path(args.fixtures) if args.fixtures else GOLDEN_DIR
    if not fixtures.is_dir():
        raise UsageError(f"{fixtures}: no such directory (run from a checkout, or --fixtures)")
    report = check_templates(fixtures, Path(args.goldens) if args.goldens else None,
                             Path(args.templates) if args.templates else None,
                             update=args.update)
    sys.stdout.write(report.format() + "\n")
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_case_from_invoices(args: argparse.Namespace) -> int:
    """One case file per creditor and debtor (``<reference>.json``), ``warnings.json``, and with
    ``--kind`` an ``items.ndjson`` that ``recouvre batch`` takes as it is."""
    import re

    from service.config import Settings
    from service.intake import InputFile, IntakeLimits, cases_from_files
    from service.jsonio import dumps

    files = []
    for name in args.files:
        try:
            files.append(InputFile(Path(name).name, Path(name).read_bytes()))
        except OSError as exc:
            raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    defaults = _read_json(args.case) if args.case else None
    mapping = _read_json(args.mapping) if args.mapping else None
    settings = Settings.from_environ()
    limits = IntakeLimits(max_files=settings.intake_max_files,
                          max_file_bytes=settings.intake_max_file_bytes,
                          max_rows=settings.intake_max_rows)
    try:
        out = cases_from_files(files, defaults=defaults, mapping=mapping, limits=limits)
    except RecouvreError as exc:
        _print_problem(exc)
        return EXIT_FAILED
    directory = Path(args.output)
    directory.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    items = []
    for case in out["cases"]:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(case.get("reference") or "case")).strip("._")
        name, n = f"{stem or 'case'}.json", 2
        while name in used:
            name, n = f"{stem}-{n}.json", n + 1
        used.add(name)
        (directory / name).write_text(dumps(case, indent=2) + "\n", encoding="utf-8")
        sys.stdout.write(f"{directory / name}: {len(case['invoices'])} invoice(s),"
                         f" {case.get('debtor', {}).get('name', '?')}\n")
        if args.kind:
            items.append(dumps({"id": case.get("reference"), "kind": args.kind, "case": case}))
    (directory / "warnings.json").write_text(dumps(out["warnings"], indent=2) + "\n",
                                             encoding="utf-8")
    if args.kind:
        (directory / "items.ndjson").write_text("".join(i + "\n" for i in items),
                                                encoding="utf-8")
    for w in out["warnings"]:
        where = f" [case {w['case_index']}]" if "case_index" in w else ""
        sys.stderr.write(f"warning {w['code']}{where}: {w['message_en']}\n")
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recouvre", description="French debt-recovery documents from the JSON of a case.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("render", help="render one document")
    p.add_argument("kind", help="relance, mise_en_demeure, ...")
    p.add_argument("case", help="case JSON file (or {\"case\", \"options\"}); - for stdin")
    p.add_argument("-o", "--output", help="output file or directory (default: the document's"
                   " own file name; - for stdout)")
    p.add_argument("--option", action="append", metavar="KEY=VALUE",
                   help="document option, e.g. level=2, sign=false, postage.level=R2")
    p.add_argument("--json", action="store_true", help="print the metadata as JSON")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("decompte", help="statement of account of a case")
    p.add_argument("case")
    p.add_argument("--json", action="store_true", help="the /v1/decompte JSON")
    p.set_defaults(func=cmd_decompte)

    p = sub.add_parser("validate", help="validate a case (exit 0 valid, 1 invalid)")
    p.add_argument("case")
    p.add_argument("--kind", help="also check what this document kind requires")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("batch", help="render many items (NDJSON or {\"items\": [...]})")
    p.add_argument("items", help="items file; - for stdin")
    p.add_argument("-o", "--output", required=True, help="output directory (resumable)")
    p.add_argument("--jobs", "-j", type=int, default=0,
                   help="worker processes (default: CPU count; with --server: requests in flight,"
                        " default 2 per server)")
    p.add_argument("--server", action="append", metavar="URL",
                   help="send the items to this running service instead of rendering here;"
                        " repeat to spread them round-robin over several")
    p.add_argument("--api-key", help="API key for --server (default: $RECOUVRE_API_KEY)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("serve", help="run the HTTP service with gunicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--timeout", type=int, default=300,
                   help="gunicorn worker timeout in seconds (default 300): a POST /v1/batch is"
                        " generated within one request and stops starting items after"
                        " RECOUVRE_BATCH_TIME_BUDGET_S (240 s), so keep this above it")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("check-templates", help="template regression check against the goldens")
    p.add_argument("--update", action="store_true", help="rewrite the goldens")
    p.add_argument("--fixtures", help="directory of *.case.json fixtures (default tests/golden)")
    p.add_argument("--goldens", help="directory of the goldens (default: the fixtures')")
    p.add_argument("--templates", help="render with this templates directory")
    p.set_defaults(func=cmd_check_templates)

    p = sub.add_parser("case-from-invoices",
                       help="cases from Factur-X PDFs, UBL / CII invoices and CSV exports")
    p.add_argument("files", nargs="+", help="invoice files (PDF, XML, CSV)")
    p.add_argument("--case", help="JSON merged into every case (creditor, signatory, reminders...)")
    p.add_argument("--mapping", help="JSON {\"their column\": \"our column\"} for a CSV")
    p.add_argument("-o", "--output", required=True, help="directory for the case files")
    p.add_argument("--kind", help="also write items.ndjson for `recouvre batch`, one item of this"
                                  " kind per case")
    p.set_defaults(func=cmd_case_from_invoices)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 1) < 0:
        parser.error("--jobs must be positive")
    try:
        return int(args.func(args))
    except UsageError as exc:
        sys.stderr.write(f"recouvre {args.command}: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
