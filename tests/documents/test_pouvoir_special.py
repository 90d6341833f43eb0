"""Kind ``pouvoir_special``: the special power of a non-lawyer representative (CPC 416)."""

from __future__ import annotations

import pytest

from service.contract import load_request
from service.documents.generate import generate
from service.documents.registry import KINDS
from service.errors import CaseInvalid
from tests import pdfcheck
from tests.documents.test_lettre_greffe import AGENT
from tests.factories import example_raw


def pouvoir_raw():
    raw = example_raw()
    raw["issuer"] = AGENT
    return raw


def render(runtime, raw, **options):
    case, opts = load_request({"case": raw, "options": options}, KINDS["pouvoir_special"])
    return generate("pouvoir_special", case, opts, runtime)


@pytest.fixture(scope="module")
def doc(runtime):
    return render(runtime, pouvoir_raw())


def test_every_mention_is_read_back(doc):
    text = pdfcheck.flat(doc.content)
    for mention in ("POUVOIR SPÉCIAL", "416", "Le mandant", "Atelier Dupont", "Marie Dupont",
                    "Le mandataire", "Recouvre Conseil SAS", "20 rue Childebert",
                    "et pour elle M. Julien Morel", "Martin Bâtiment", "F-2026-0117",
                    "F-2026-0152", "DOS-2026-0042", "tribunal des activités économiques de Lyon",
                    "requête en injonction de payer", "1407", "opposition", "1415",
                    "Fait à Lyon, le 20 novembre 2026", "Bon pour pouvoir",
                    "Bon pour acceptation"):
        assert mention in text, mention
    assert "762" not in text  # « instance » not asked
    assert doc.details["acts"] == ["requete", "opposition"]


def test_a_named_person_and_the_hearing_on_the_merits(runtime):
    doc = render(runtime, example_raw(), agent="M. Julien Morel, 20 rue Childebert, 69002 Lyon",
                 acts=["instance"])
    text = pdfcheck.flat(doc.content)
    assert "M. Julien Morel" in text and "762" in text and "853" in text
    assert "1407" not in text


def test_a_lawyer_needs_no_power(runtime):
    with pytest.raises(CaseInvalid) as exc:
        render(runtime, example_raw())  # the example's issuer is a commissaire de justice
    assert "options.agent" in [e.path for e in exc.value.errors]


def test_sr10_the_agent_company_states_its_legal_form_and_registration(runtime):
    raw = pouvoir_raw()
    raw["issuer"] = {**AGENT, "name": "Recouvre Conseil", "legal_form": "SAS",
                     "share_capital": "5000.00", "siren": "732829320", "rcs_city": "Lyon"}
    text = pdfcheck.flat(render(runtime, raw).content)
    assert ("Recouvre Conseil, SAS au capital de 5 000,00 €, immatriculée sous le n° 732 829 320"
            " au RCS de Lyon, dont le siège social est situé 20 rue Childebert, 69002 Lyon,"
            " prise en la personne de son représentant légal, et pour elle M. Julien Morel,"
            " chargé de recouvrement, dûment habilité") in text
    # the SIREN alone without the RCS city; a form already in the name is not repeated
    raw["issuer"] = {**AGENT, "legal_form": "SAS", "siren": "732829320"}
    text = pdfcheck.flat(render(runtime, raw).content)
    assert ("Recouvre Conseil, SAS, immatriculée sous le n° 732 829 320, dont le siège social est"
            " situé 20 rue Childebert") in text
    assert "SAS, SAS" not in text


def test_fv5_the_agent_is_designated_like_a_company_party(runtime, doc):
    raw = pouvoir_raw()
    raw["issuer"] = {**AGENT, "name": "Recouvre Conseil SAS", "legal_form": "SAS",
                     "share_capital": "5000.00", "siren": "732829320", "rcs_city": "Lyon"}
    done = render(runtime, raw)
    text = pdfcheck.flat(done.content)
    assert ("Le mandataire : Recouvre Conseil, SAS au capital de 5 000,00 €, immatriculée sous le"
            " n° 732 829 320 au RCS de Lyon, dont le siège social est situé 20 rue Childebert,"
            " 69002 Lyon, prise en la personne de son représentant légal, et pour elle M. Julien"
            " Morel, chargé de recouvrement, dûment habilité.") in text
    assert "agent_siren_missing" not in [w["code"] for w in done.warnings]
    # without the agent's SIREN: a warning, not a guess
    assert "agent_siren_missing" in [w["code"] for w in doc.warnings]
    # the court in lower case after « devant le », as in the requête and the letters
    flat = pdfcheck.flat(doc.content)
    assert "devant le tribunal des activités économiques de Lyon" in flat
    assert "Tribunal des activités" not in flat
