"""Pango objects WeasyPrint rebuilds for every piece of text, built once per font configuration.

WeasyPrint 70's ``Layout.setup`` (``weasyprint/text/line_break.py``) runs for every text it
measures and again for every text it draws (``reactivate``): about 370 times for a two-page
letter. Each time it creates a new ``PangoContext`` (same font map, same settings), a new
``PangoFontDescription`` from the style's seven font properties, font metrics when the text is
decorated, and the OpenType feature string. None of these depends on the text: for the same
font configuration and the same style values they are the same objects. :func:`install`
replaces ``setup`` by the same steps with those four results kept in a dictionary on the
``FontConfiguration`` (so they live and die with it, the renderer's one per process):

- the context, keyed by the base direction and the language (``lang`` or
  ``font-language-override``); a context is never changed after it is made, and a layout
  refers to its context, which Pango allows to share;
- the font description, keyed by the font properties read by ``get_font_description``; Pango
  copies it into the layout (``pango_layout_set_font_description``);
- the decoration metrics, keyed by both;
- the feature string, keyed by the eight feature properties.

Nothing in the keys comes from a case's text: families, sizes, weights, languages of the
stylesheets. The layout, its text, its attributes and its attribute list are still new for each
text, as in WeasyPrint. Same glyphs, same positions, same bytes: tests/pdf/test_pango_reuse.py
compares a letter's PDF with and without, and fails if WeasyPrint's ``setup`` changes.
Like WeasyPrint's own font map, the cache is not for two threads rendering at once with one
``FontConfiguration`` (the service renders one document at a time per process).
"""

from __future__ import annotations

import hashlib
import inspect
from typing import Any

from weasyprint.text import line_break
from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
from weasyprint.text.fonts import font_features, get_font_description

# sha256 of the WeasyPrint function replaced here; a release that changes it fails the test
# (then compare the new ``setup`` with :func:`setup` below before updating the digest)
WEASYPRINT_SETUP_SHA256 = "fb227a55094f41d42fbd57f180d8b7a9a1e741969ec8ddb3fd5cd80920257442"
MAX_ENTRIES = 512  # per dictionary; a stylesheet uses a few dozen font styles
_ATTR = "_recouvre_pango_reuse"

_original_setup = line_break.Layout.setup


class _Cache:
    def __init__(self) -> None:
        self.contexts: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        self.descriptions: dict[tuple[Any, ...], Any] = {}
        self.metrics: dict[tuple[Any, ...], tuple[float, ...]] = {}
        self.features: dict[tuple[Any, ...], bytes] = {}
        self.hits = 0


def cache_of(font_config: Any) -> _Cache:
    cache: _Cache | None = getattr(font_config, _ATTR, None)
    if cache is None:
        cache = _Cache()
        setattr(font_config, _ATTR, cache)
    return cache


def _bounded(table: dict[Any, Any]) -> dict[Any, Any]:
    if len(table) >= MAX_ENTRIES:
        table.clear()
    return table


def _context(cache: _Cache, style: Any) -> tuple[tuple[Any, ...], Any, Any]:
    """(key, PangoContext, PangoLanguage or None for the default) — as WeasyPrint's setup."""
    if style["font_language_override"] != "normal":
        lang = LST_TO_ISO.get(style["font_language_override"].lower(),
                              style["font_language_override"])
    elif style["lang"]:
        lang = style["lang"]
    else:
        lang = None
    key = (style["direction"], lang)
    found = cache.contexts.get(key)
    if found is None:
        pango_context = ffi.gc(
            pango.pango_font_map_create_context(style.font_config.font_map),
            gobject.g_object_unref)
        pango.pango_context_set_round_glyph_positions(pango_context, False)
        pango.pango_context_set_base_dir(pango_context, PANGO_DIRECTION[style["direction"]])
        language = None
        if lang:
            lang_p, _ = unicode_to_char_p(lang)
            language = pango.pango_language_from_string(lang_p)
            pango.pango_context_set_language(pango_context, language)
        found = _bounded(cache.contexts)[key] = (pango_context, language)
    else:
        cache.hits += 1
    return key, found[0], found[1]


def _description(cache: _Cache, style: Any) -> tuple[tuple[Any, ...], Any]:
    key = (tuple(style["font_family"]), style["font_style"], style["font_stretch"],
           style["font_weight"], style["font_size"], style["font_variant_caps"],
           style["font_variation_settings"])
    description = cache.descriptions.get(key)
    if description is None:
        description = _bounded(cache.descriptions)[key] = get_font_description(style)
    return key, description


def _features(cache: _Cache, style: Any) -> bytes:
    values = (style["font_kerning"], style["font_variant_ligatures"],
              style["font_variant_position"], style["font_variant_caps"],
              style["font_variant_numeric"], style["font_variant_alternates"],
              style["font_variant_east_asian"], style["font_feature_settings"])
    try:
        found = cache.features.get(values)
        hashable = True
    except TypeError:  # a value that cannot be a key: computed each time, as WeasyPrint does
        found, hashable = None, False
    if found is None:
        features = font_features(*values)
        found = ",".join(f"{k} {v}" for k, v in features.items()).encode() if features else b""
        if hashable:
            _bounded(cache.features)[values] = found
    return found


def setup(self: Any, style: Any) -> None:
    """WeasyPrint 70's ``Layout.setup`` with the context, font description, metrics and
    feature string taken from the font configuration's cache."""
    self.style = style
    self.first_line_direction = 0
    cache = cache_of(style.font_config)

    context_key, pango_context, language = _context(cache, style)
    self.language = language if language is not None else pango.pango_language_get_default()

    assert not isinstance(style["font_family"], str), "font_family should be a list"
    description_key, font_description = _description(cache, style)
    self.layout = ffi.gc(pango.pango_layout_new(pango_context), gobject.g_object_unref)
    pango.pango_layout_set_auto_dir(self.layout, False)
    pango.pango_layout_set_font_description(self.layout, font_description)

    if style["text_decoration_line"] != "none":
        metrics_key = (context_key, description_key)
        found = cache.metrics.get(metrics_key)
        if found is None:
            metrics = ffi.gc(
                pango.pango_context_get_metrics(pango_context, font_description, self.language),
                pango.pango_font_metrics_unref)
            found = _bounded(cache.metrics)[metrics_key] = (
                FROM_UNITS * pango.pango_font_metrics_get_ascent(metrics),
                FROM_UNITS * pango.pango_font_metrics_get_underline_position(metrics),
                FROM_UNITS * pango.pango_font_metrics_get_strikethrough_position(metrics),
                FROM_UNITS * pango.pango_font_metrics_get_underline_thickness(metrics),
                FROM_UNITS * pango.pango_font_metrics_get_strikethrough_thickness(metrics))
        (self.ascent, self.underline_position, self.strikethrough_position,
         self.underline_thickness, self.strikethrough_thickness) = found
    else:
        self.ascent = None
        self.underline_position = None
        self.strikethrough_position = None

    features = _features(cache, style)
    if features:
        # WeasyPrint keeps one attribute per feature string (its own leak guard)
        attr = style.font_config.font_features.get(features)
        if attr is None:
            attr = style.font_config.font_features[features] = \
                pango.pango_attr_font_features_new(features)
        attr_list = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)


def weasyprint_setup_digest() -> str:
    return hashlib.sha256(inspect.getsource(_original_setup).encode()).hexdigest()


def install() -> None:
    """Idempotent; called once per process by the renderer."""
    line_break.Layout.setup = setup


def uninstall() -> None:
    """WeasyPrint's own ``setup`` again (for the tests that compare both)."""
    line_break.Layout.setup = _original_setup


def installed() -> bool:
    return line_break.Layout.setup is setup
