"""The delivery channel: checks, the answer's delivery block, provider field mappings."""

from __future__ import annotations

from service.contract import load_request
from service.postage.address import address_lines
from service.postage.channel import (
    CHANNELS,
    check_channel,
    delivery_block,
    maileva_lines,
    provider_reference,
)
from tests.factories import consumer_raw, example_raw


def case_of(raw):
    case, _ = load_request({"case": raw, "options": {}}, with_options=False)
    return case


def test_lre_to_a_consumer_needs_consent_and_an_email():
    case = case_of(consumer_raw())
    errors = {(e.path, e.code) for e in check_channel(case, "lre_qualifiee")}
    assert ("case.debtor.lre_consent", "lre_consent_required") in errors
    assert ("case.debtor.email", "required") in errors
    msg = next(e for e in check_channel(case, "lre_qualifiee")
               if e.code == "lre_consent_required")
    assert "L. 100" in msg.message_fr and "L100" in msg.message_en


def test_lre_to_a_company_needs_no_consent():
    case = case_of(example_raw())
    assert check_channel(case, "lre_qualifiee") == []
    for c in CHANNELS:
        assert check_channel(case, c) == []


def test_a_channel_the_kind_does_not_allow_names_its_rule():
    case = case_of(example_raw())
    (err,) = check_channel(case, "lettre_simple", allowed=("lrar", "lre_qualifiee"),
                           rule_fr="art. R125-2 CPCE", rule_en="CPCE art. R125-2")
    assert err.path == "options.channel" and "R125-2" in err.message_fr


def test_maileva_lines_follow_the_roles():
    case = case_of(example_raw())
    d = case.debtor
    block = address_lines(d.display_name, d.address, path="case.debtor.address")
    lines = maileva_lines(block)
    assert lines == {"address_line_1": "MARTIN BATIMENT",
                     "address_line_2": "SERVICE COMPTABILITE FOURNISSEURS",
                     "address_line_3": "BATIMENT B",
                     "address_line_4": "45 AVENUE ROGER SALENGRO",
                     "address_line_6": "69100 VILLEURBANNE"}


def test_delivery_block_for_each_channel():
    case = case_of(example_raw())
    d = case.debtor
    rec = address_lines(d.display_name, d.address, path="case.debtor.address")
    snd = address_lines(case.creditor.name, case.creditor.address, path="case.creditor.address")
    for channel in CHANNELS:
        postage = None if channel == "lre_qualifiee" else {"price_eur": "7.56", "tariff": {}}
        b = delivery_block(case=case, channel=channel, filename="x.pdf", sha256="ab" * 32,
                           pages=3, postage=postage, recipient=rec, sender=snd,
                           sender_name="Atelier Dupont")
        assert b["document"] == {"filename": "x.pdf", "sha256": "ab" * 32, "pages": 3,
                                 "media_type": "application/pdf"}
        assert b["recipient"]["status"] == "professionnel"
        assert b["recipient"]["email"] == "fournisseurs@martin-batiment.example"
        providers = b["providers"]
        if channel == "lre_qualifiee":
            assert b["electronic"] and "L. 100" in b["legal_basis"]
            assert providers["ar24"]["available"]
            assert providers["ar24"]["body"]["to_email"] == "fournisseurs@martin-batiment.example"
            assert providers["ar24"]["body"]["to_company"] == "Martin Bâtiment"
            assert providers["ar24"]["match_proof"] == {"full_hash_sha256": "ab" * 32}
            assert providers["ar24"]["unconfirmed"]
            assert not providers["maileva"]["available"]
            assert not providers["merci_facteur"]["available"]
            assert b["price"] is None and b["price_note"]
        else:
            assert not providers["ar24"]["available"]
            mv = providers["maileva"]
            assert mv["available"] and mv["recipient"]["address_line_6"] == "69100 VILLEURBANNE"
            mf = providers["merci_facteur"]["body"]
            assert mf["modeEnvoi"] == {"lrar": "lrar", "lettre_suivie": "suivi",
                                       "lettre_simple": "normal"}[channel]
            assert mf["adress"]["dest"][0]["cp"] == "69100"
            assert mf["adress"]["dest"][0]["reference"] == "DOS-2026-0042"
            assert b["price"] == {"eur": "7.56", "tariff": {}}
        if channel == "lrar":
            assert providers["maileva"]["sending"]["acknowledgement_of_receipt"] is True
            assert providers["maileva"]["endpoint"] == "/registered_mail/v4/sendings"


def test_provider_reference_is_safe_and_short():
    assert provider_reference("DOS/2026 — n°42 «urgent» très long très long") == \
        "DOS-2026 - N 42 -URGENT- TRES"
    assert len(provider_reference("x" * 80)) == 30
