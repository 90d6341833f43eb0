"""The ``recouvre`` command line, run as a separate process where it matters (batch with worker
processes, a killed and resumed batch) and in-process for the quick commands."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from service.cli import main
from service.contract import load_request
from service.statement import statement
from tests import pdfcheck
from tests.factories import copy_raw, example_raw
from tests.test_batch import good_item, ndjson_lines

ROOT = Path(__file__).resolve().parents[1]


def recouvre(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "service.cli", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def write_case(tmp_path: Path, raw: dict, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(raw, default=str, ensure_ascii=False), encoding="utf-8")
    return path


def test_batch_with_two_processes_200_items_5_bad(tmp_path: Path):
    lines, bad = ndjson_lines(200, {5: "invalid_case", 12: "unknown_kind", 16: "not_json",
                                    120: "not_object", 199: "missing_case"})
    items = tmp_path / "items.ndjson"
    items.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = recouvre("batch", str(items), "-o", str(out), "--jobs", "2")
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stderr  # not every item succeeded
    assert "195 ok, 5 error(s)" in stdout
    assert "200/200" in stderr and "doc/s" in stderr and "ETA" in stderr  # the progress bar
    assert "item 12 (case-12, telegramme): 422" in stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["summary"] == {"total": 200, "ok": 195,
                                                                    "error": 5}
    entries = manifest["items"]
    assert [e["index"] for e in entries] == list(range(200))
    assert [i for i, e in enumerate(entries) if e["status"] == "error"] == [5, 12, 16, 120, 199]
    assert entries[16]["problem"]["status"] == 400
    files = sorted(p.name for p in out.iterdir() if p.suffix == ".pdf")
    assert files == sorted(e["file"] for e in entries if e["status"] == "ok")
    for e in entries:
        if e["status"] == "ok":
            data = (out / e["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == e["sha256"]
            assert len(PdfReader(out / e["file"]).pages) == e["pages"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_killed_batch_resumes_with_only_the_missing_items(tmp_path: Path):
    n = 36
    items = tmp_path / "items.ndjson"
    items.write_text("\n".join(json.dumps(good_item(i), default=str) for i in range(n)) + "\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    manifest_path = out / "manifest.json"
    proc = recouvre("batch", str(items), "-o", str(out), "--jobs", "2", "-q",
                    start_new_session=True)
    partial: dict = {}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if manifest_path.exists():
                partial = json.loads(manifest_path.read_text())  # replaced atomically
                if partial["summary"]["ok"] >= 3:
                    break
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its worker processes
        proc.communicate(timeout=30)
    done_before = {e["index"]: e for e in partial["items"] if e["status"] == "ok"}
    assert 3 <= len(done_before) < n and partial["complete"] is False
    mtimes = {i: (out / e["file"]).stat().st_mtime_ns for i, e in done_before.items()}

    proc = recouvre("batch", str(items), "-o", str(out), "--jobs", "2", "-q")
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert f"rendered {n - len(done_before)}, skipped {len(done_before)}" in stdout
    final = json.loads(manifest_path.read_text())
    assert final["complete"] is True and final["summary"]["ok"] == n
    assert final["run"] == {"rendered": n - len(done_before), "skipped": len(done_before)}
    for i, e in done_before.items():
        assert final["items"][i]["sha256"] == e["sha256"]
        assert (out / e["file"]).stat().st_mtime_ns == mtimes[i]  # not rewritten
    assert len([p for p in out.iterdir() if p.suffix == ".pdf"]) == n

    # a file damaged since is rendered again; an edited item too
    victim = final["items"][0]["file"]
    (out / victim).write_bytes(b"%PDF-truncated")
    lines = items.read_text().splitlines()
    edited = json.loads(lines[1])
    edited["case"]["reference"] = "DOS-EDITED"
    lines[1] = json.dumps(edited)
    items.write_text("\n".join(lines) + "\n")
    assert main(["batch", str(items), "-o", str(out), "-j", "1", "-q"]) == 0
    final = json.loads(manifest_path.read_text())
    assert final["run"] == {"rendered": 2, "skipped": n - 2}
    assert final["items"][1]["reference"] == "DOS-EDITED"
    assert hashlib.sha256((out / victim).read_bytes()).hexdigest() == final["items"][0]["sha256"]


def worker_pids(pid: int) -> list[int]:
    """The forked worker processes of ``pid``: its children running the same command line."""
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            try:
                if Path(f"/proc/{child}/cmdline").read_bytes() == own:
                    found.append(child)
            except OSError:
                continue
    return found


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_worker_fails_only_its_items_and_the_rerun_finishes(tmp_path: Path, jobs: str):
    """Even with --jobs 1 the items run in a worker process: a dead one fails only its items."""
    n, window = 24, 8  # --jobs 1 or 2: at most 8 items in flight
    items = tmp_path / "items.ndjson"
    items.write_text("\n".join(json.dumps(good_item(i), default=str) for i in range(n)) + "\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    manifest_path = out / "manifest.json"
    proc = recouvre("batch", str(items), "-o", str(out), "--jobs", jobs, "-q",
                    start_new_session=True)
    killed = None
    try:
        deadline = time.monotonic() + 120
        while killed is None and time.monotonic() < deadline and proc.poll() is None:
            if manifest_path.exists() and json.loads(manifest_path.read_text())["summary"]["ok"] >= 2:
                pids = worker_pids(proc.pid)
                if pids:
                    killed = pids[0]
                    os.kill(killed, signal.SIGKILL)
            time.sleep(0.01)
        stdout, stderr = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
    assert killed is not None, "no worker process seen"
    assert proc.returncode == 1, stderr  # the items in flight in the dead pool are errors
    manifest = json.loads(manifest_path.read_text())
    assert manifest["complete"] is True
    entries = manifest["items"]
    assert [e["index"] for e in entries] == list(range(n))
    errors = [e for e in entries if e["status"] == "error"]
    assert 1 <= len(errors) <= window  # the rest went to a new pool
    for e in errors:
        assert e["problem"]["status"] == 500
        assert "BrokenProcessPool" in e["problem"]["detail"]
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".pdf") == sorted(
        e["file"] for e in entries if e["status"] == "ok")

    proc = recouvre("batch", str(items), "-o", str(out), "--jobs", jobs, "-q")
    stdout, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stderr
    assert f"rendered {len(errors)}, skipped {n - len(errors)}" in stdout
    final = json.loads(manifest_path.read_text())
    assert final["complete"] is True and final["summary"] == {"total": n, "ok": n, "error": 0}
    assert len([p for p in out.iterdir() if p.suffix == ".pdf"]) == n


def test_decompte_json_is_the_statement(tmp_path: Path, capsys):
    path = write_case(tmp_path, example_raw())
    assert main(["decompte", str(path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    case, _ = load_request({"case": example_raw()}, with_options=False)
    assert printed == json.loads(json.dumps(statement(case), default=str))
    assert printed["totals"]["total_due"] == "4834.72"


def test_decompte_table(tmp_path: Path, capsys):
    path = write_case(tmp_path, {"case": example_raw(), "options": {}})
    assert main(["decompte", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Total due: 4834.72 EUR" in out
    row = next(line for line in out.splitlines() if line.startswith("F-2026-0117  2026-06-03"))
    assert row.split()[2:] == ["4800.00", "1800.00", "3000.00", "189.49", "40.00"]


def test_validate_exit_codes(tmp_path: Path, capsys):
    good = write_case(tmp_path, example_raw())
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(good), "--kind", "mise_en_demeure"]) == 0
    assert capsys.readouterr().out.startswith("valid\n")

    raw = copy_raw(example_raw())
    raw["invoices"][1]["due_date"] = "2026-01-01"
    raw["debtor"]["siren"] = "111111111"
    bad = write_case(tmp_path, raw, "bad.json")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "invalid: 2 error(s)" in out
    assert "case.invoices[1].due_date" in out and "case.debtor.siren" in out

    assert main(["validate", str(good), "--kind", "relance"]) == 1  # relance needs a level
    assert "options.level" in capsys.readouterr().out
    assert main(["validate", str(good), "--kind", "telegramme"]) == 1
    assert "kind: Unknown document kind" in capsys.readouterr().out

    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert main(["validate", str(tmp_path / "broken.json")]) == 2
    assert main(["validate", str(tmp_path / "missing.json")]) == 2


def test_render_with_options_and_json(tmp_path: Path, capsys):
    path = write_case(tmp_path, example_raw())
    out = tmp_path / "r.pdf"
    assert main(["render", "relance", str(path), "-o", str(out), "--option", "level=2",
                 "--option", "sign=false", "--option", "postage.level=R2", "--json"]) == 0
    meta = json.loads(capsys.readouterr().out)
    assert meta["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert meta["signature"] is None and meta["kind"] == "relance"
    # two unpaid invoices (L14); three relances on file: no number (third reading 6b)
    assert pdfcheck.object_line(out.read_bytes()).startswith(
        "Nouvelle relance pour factures impayées")
    assert main(["render", "relance", str(path), "-o", str(out)]) == 1  # no level
    assert "options.level" in capsys.readouterr().err


def test_batch_item_file_in_json_form(tmp_path: Path, capsys):
    items = tmp_path / "items.json"
    items.write_text(json.dumps({"items": [good_item(0)]}, default=str), encoding="utf-8")
    assert main(["batch", str(items), "-o", str(tmp_path / "o"), "-q"]) == 0
    assert "1 ok, 0 error(s)" in capsys.readouterr().out
