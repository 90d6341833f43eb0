"""Where the repository's assets are: templates, fonts, Cerfa forms, published schemas.

The one place that knows the layout of the checkout; every module takes its paths from here.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
FONTS = TEMPLATES / "fonts"
FORMS_CERFA = ROOT / "forms" / "cerfa"
SCHEMAS = ROOT / "schemas"

# The font of the text drawn outside WeasyPrint: pièce stamps, Cerfa fields, the seal's stamp.
LIBERATION_SANS = FONTS / "LiberationSans-Regular.ttf"
LIBERATION_SANS_BOLD = FONTS / "LiberationSans-Bold.ttf"
