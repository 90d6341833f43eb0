"""The documents wing's contracts: the runtime handed to generate() is the only one used,
facts are computed once per request, kinds import no runtime, no pypdf and no other kind,
and real answers validate against the published JSON Schemas."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jsonschema
import pytest

import service.runtime as runtime_module
from service.contract import load_request
from service.documents import facts as facts_module
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.golden import GOLDEN_DIR, fixtures, load_fixture
from service.paths import ROOT, SCHEMAS
from service.runtime import Runtime
from tests.documents.test_bordereau import evidence as evidence_items
from tests.factories import example_raw

DOCUMENTS = ROOT / "service" / "documents"
# the modules a kind may not import: the runtime, PDF internals, and the kinds themselves
KIND_MODULES = {f"service.documents.{k}" for k in KINDS} | {"service.documents.drafts"}


def _request(kind: str, *, evidence: bool = False) -> tuple:
    raw = example_raw()
    if evidence:
        raw["evidence"] = evidence_items()
    options: dict = {"sign": False}
    if kind == "relance":
        options["level"] = 2
    return load_request({"case": raw, "options": options}, KINDS[kind])


def test_the_runtime_given_is_the_one_used_and_no_second_one_is_made(monkeypatch):
    made: list[Runtime] = []
    init = Runtime.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(Runtime, "__init__", counting)
    rt = Runtime()
    rendered: list[str] = []
    html = rt.renderer.html

    def recording(template, context):  # type: ignore[no-untyped-def]
        rendered.append(template)
        return html(template, context)

    monkeypatch.setattr(rt.renderer, "html", recording)
    for kind in ("injonction_de_payer", "refere_provision", "bordereau"):
        case, options = _request(kind, evidence=True)
        doc = generate(kind, case, options, rt)
        assert doc.pages > 0
    assert made == [rt]  # no second Runtime behind generate()
    assert not hasattr(runtime_module, "_runtime")  # nor a process-global one
    # the annex and the bordereaux behind the filings went through the runtime given
    assert {"injonction/requete.html", "bordereau/bordereau.html",
            "drafts/assignation.html"} <= set(rendered)
    assert rendered.count("bordereau/bordereau.html") == 3


def test_one_decompte_and_one_court_choice_per_refere_request(runtime, monkeypatch):
    calls = {"decompte": 0, "court": 0}
    compute, choose = facts_module.compute_decompte, facts_module.choose_court

    def counted_decompte(case):  # type: ignore[no-untyped-def]
        calls["decompte"] += 1
        return compute(case)

    def counted_court(case, **kw):  # type: ignore[no-untyped-def]
        calls["court"] += 1
        return choose(case, **kw)

    monkeypatch.setattr(facts_module, "compute_decompte", counted_decompte)
    monkeypatch.setattr(facts_module, "choose_court", counted_court)
    case, options = _request("refere_provision")
    generate("refere_provision", case, options, runtime)
    assert calls == {"decompte": 1, "court": 1}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


@pytest.mark.parametrize("module", sorted(KIND_MODULES))
def test_a_kind_imports_no_runtime_no_pypdf_and_no_other_kind(module):
    path = DOCUMENTS / (module.rsplit(".", 1)[1] + ".py")
    imported = _imports(path)
    assert not {m for m in imported if m == "service.runtime" or m.startswith("pypdf")}
    others = (KIND_MODULES - {module, "service.documents.drafts"}) & imported
    assert not others, f"{module} imports the kind(s) {sorted(others)}"


def test_the_shared_documents_modules_import_no_runtime_and_no_kind():
    for name in ("base", "common", "facts", "letters", "parties", "pieces", "docx_writer"):
        imported = _imports(DOCUMENTS / f"{name}.py")
        assert "service.runtime" not in imported and not any(
            m.startswith("pypdf") for m in imported), name
        assert not (KIND_MODULES & imported), name


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: jsonschema.Draft202012Validator, data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(data)]


def _check_answer(kind: str, answer: dict) -> None:
    answer = json.loads(json.dumps(answer, default=str))
    assert not _errors(_validator("DocumentAnswer"), answer), kind
    assert not _errors(_validator(f"Details.{kind}"), answer["details"]), kind


def _insolvent() -> tuple[dict, dict]:
    from tests.documents.test_insolvency_guard import insolvent_raw

    return insolvent_raw(), {}


def _ordonnance() -> tuple[dict, dict]:
    from tests.documents.test_instructions_signification import ordonnance_raw

    return ordonnance_raw(), {}


KIND_CASES = {"declaration_de_creance": _insolvent, "instructions_signification": _ordonnance}
KIND_CASES["lettre_greffe"] = lambda: (example_raw(evidence=True), {})
KIND_CASES["pouvoir_special"] = lambda: (example_raw(), {"agent": "M. Julien Morel, Lyon"})
KIND_CASES["echeancier"] = lambda: (example_raw(), {"plan": {"count": 3,
                                                              "first_date": "2026-12-15"}})


def _officer_signs() -> tuple[dict, dict]:
    raw = example_raw()
    raw["issuer"]["signatory"] = {"name": "Maître Julien Rivière", "title": "Commissaire de justice"}
    return raw, {}


KIND_CASES["petites_creances"] = _officer_signs
KIND_CASES["facture_rectificative"] = lambda: (example_raw(), {
    "number": "AV-1", "invoices": ["F-2026-0152"], "vat_chargeability": "debits",
    "report": {"date": "2026-10-20", "officer": "Me Hélène Garnier"}})


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_real_signed_answer_of_every_kind_validates_against_the_published_schemas(client,
                                                                                     kind):
    options: dict = {"level": 3} if kind == "relance" else {}
    raw = example_raw()
    if kind in KIND_CASES:  # the kinds that need more than the example case
        raw, options = KIND_CASES[kind]()
    if kind in ("bordereau", "injonction_de_payer"):
        raw["evidence"] = evidence_items()
    r = client.post(f"/v1/documents/{kind}",
                    data=json.dumps({"case": raw, "options": options}, default=str),
                    content_type="application/json")
    assert r.status_code == 200, r.json
    answer = r.json
    _check_answer(kind, answer)
    if kind in ("relance", "mise_en_demeure"):
        assert answer["postage"] and answer["layout"]["recipient_box_pt"]
        assert answer["deadline"] == answer["details"]["deadline"]  # ISO, both places
        assert answer["details"]["deadline_text"].endswith(answer["deadline"][:4])


def test_every_golden_answer_validates_against_the_published_schemas(runtime):
    for path in fixtures(GOLDEN_DIR):
        kind, case, options = load_fixture(path)
        assert not _errors(_validator(f"Options.{kind}"),
                           json.loads(path.read_text(encoding="utf-8")).get("options") or {})
        _check_answer(kind, generate(kind, case, options, runtime).as_json())


def test_an_option_of_another_kind_is_refused_by_name():
    from service.errors import CaseInvalid

    with pytest.raises(CaseInvalid) as exc:
        load_request({"case": example_raw(), "options": {"level": 2, "flatten": False}},
                     KINDS["mise_en_demeure"])
    assert {e.path for e in exc.value.errors} == {"options.level", "options.flatten"}
    with pytest.raises(CaseInvalid) as exc:
        load_request({"case": example_raw(), "options": {}}, KINDS["relance"])
    assert [(e.path, e.code) for e in exc.value.errors] == [("options.level", "required")]
