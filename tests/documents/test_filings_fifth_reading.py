"""The filings' fifth reading (findings 6 and 7), read back from the PDF of the golden cases and
of variants."""

from __future__ import annotations

from tests import pdfcheck
from tests.documents.test_filings_fourth_reading import golden, golden_request, render


# ------------------------------- 7: the reply form explains the carried-over deadline
def test_fv7_the_reply_form_says_the_month_ends_on_sunday_and_is_carried_to_monday(runtime):
    for name in ("petites_creances", "petites_creances-lre"):
        doc = golden(runtime, name)
        text = pdfcheck.flat(doc.content)
        assert ("À retourner au plus tard le 21 décembre 2026 (délai d’un mois expirant le"
                " dimanche 20 décembre 2026, reporté au lundi 21 décembre 2026)") in text, name
        assert "un mois à compter de l’envoi de l’invitation" not in text, name
        assert doc.details["acceptance_deadline_nominal"] == "2026-12-20"


def test_fv7_without_extension_the_form_keeps_the_plain_month(runtime):
    d = golden_request("petites_creances")
    d["case"]["as_of"] = "2026-11-18"  # a month later: Friday 18 December, a working day
    doc = render(runtime, d["kind"], d["case"], **d.get("options", {}))
    text = pdfcheck.flat(doc.content)
    assert ("au plus tard le 18 décembre 2026 (un mois à compter de l’envoi de l’invitation)"
            in text)


# ------------------------------- 6: the standalone bordereau names its instance and RG number
def test_fv6_the_standalone_bordereau_has_an_rg_line_and_names_the_instance(runtime):
    doc = golden(runtime, "bordereau")
    words = pdfcheck.words(doc.content, 1)
    lines: dict[int, list[str]] = {}
    for w, _x0, y0, _x1, _y1 in words:
        lines.setdefault(round(y0), []).append(w)
    ordered = [" ".join(ws) for _, ws in sorted(lines.items())]
    hearing = next(i for i, t in enumerate(ordered) if t.startswith("Audience du"))
    assert ordered[hearing + 1].startswith("N° RG :"), ordered[hearing + 1]
    text = pdfcheck.flat(doc.content)
    assert ("avocat au barreau de Lyon, dans l’instance pendante devant le tribunal des"
            " activités économiques de Lyon") in text
    given = golden(runtime, "bordereau", rg="26/01234")
    assert "N° RG : 26/01234" in pdfcheck.flat(given.content)
