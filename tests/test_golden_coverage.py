"""The template regression check sees every template a golden renders — the injonction's
annex and the bordereau behind a filing included: one word changed in each template file
makes ``check-templates --templates DIR`` fail and show that word."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import jinja2
import pytest

from service.cli import main
from service.golden import GOLDEN_DIR, fixture_name, fixtures, render_fixture
from service.paths import TEMPLATES
from service.runtime import Runtime

MARK = "Zorglub"
# a text node of a template: between two tags, no Jinja syntax, at least one word of 4 letters
_TEXT = re.compile(r">([^<>{}%#]*?\b([A-Za-zÀ-ÿ]{4,})\b[^<>{}%#]*)<")


class _Recorder(jinja2.FileSystemLoader):
    """Records the templates a render loads (includes and extends too)."""

    def __init__(self, root: Path) -> None:
        super().__init__(str(root))
        self.loaded: set[str] = set()

    def get_source(self, environment, template):  # type: ignore[no-untyped-def]
        self.loaded.add(template)
        return super().get_source(environment, template)


@pytest.fixture(scope="module")
def usage(runtime: Runtime) -> dict[str, tuple[str, str]]:
    """template -> (a fixture that renders it, the HTML text that fixture got from it)."""
    renderer = runtime.renderer
    saved_env, saved_html = renderer.env, renderer.html
    recorder = _Recorder(renderer.root)
    outputs: list[str] = []

    def html_of(template, context):  # type: ignore[no-untyped-def]
        out = saved_html(template, context)
        outputs.append(out)
        return out

    renderer.env = renderer.env.overlay(loader=recorder, cache_size=0)
    renderer.html = html_of  # type: ignore[method-assign]
    found: dict[str, tuple[str, str]] = {}
    try:
        for path in fixtures(GOLDEN_DIR):
            recorder.loaded.clear()
            outputs.clear()
            render_fixture(path, runtime)
            text = html.unescape(" ".join(outputs))
            for name in recorder.loaded:
                found.setdefault(name, (fixture_name(path), text))
    finally:
        renderer.env = saved_env
        del renderer.html
    return found


# Rendered only when an official Cerfa is installed in forms/cerfa/ (none ships with the project,
# so no golden can reach it): tests/documents/test_injonction.py renders it with the form the
# test builds (test_c3_overflow_annex_headings_name_the_point reads its headings back).
OFFICIAL_FORM_ONLY = {"injonction/addendum.html"}


def test_the_goldens_render_every_template(usage):
    every = {str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")}
    assert every >= OFFICIAL_FORM_ONLY
    assert every - OFFICIAL_FORM_ONLY == set(usage), (every - OFFICIAL_FORM_ONLY) ^ set(usage)
    assert {"injonction/requete.html", "injonction/annex_body.html", "bordereau/bordereau.html"} <= set(usage)


# a template with no text of its own (a layout): a word goes before the first value it prints
_VALUE = re.compile(r"<(?:p|div|td)\b[^>]*>(?=\{\{)")


def _word_to_change(source: str, rendered: str) -> tuple[int, int, str] | None:
    """(start, end, replacement): a word of a text node whose text is in the rendered HTML
    becomes the mark; else the mark is inserted before the first value the template prints."""
    flat = " ".join(rendered.split())
    for m in _TEXT.finditer(source):
        node = " ".join(m.group(1).split())
        if node and node in flat:
            return m.start(2), m.end(2), MARK
    value = _VALUE.search(source)
    if value is not None:
        return value.end(), value.end(), MARK + " "
    return None


def test_one_word_changed_in_any_template_fails_and_shows_the_word(usage, tmp_path, capsys):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    for name, (fixture, rendered) in sorted(usage.items()):
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        span = _word_to_change(source, rendered)
        assert span is not None, f"{name}: no text of it found in {fixture}"
        work = tmp_path / f"golden-{name.replace('/', '-')}"
        work.mkdir()
        for f in GOLDEN_DIR.glob(f"{fixture}*"):
            if f.name == f"{fixture}.case.json" or re.fullmatch(
                    rf"{re.escape(fixture)}(\.txt|-p\d+\.png)", f.name):
                shutil.copy(f, work)
        start, end, replacement = span
        (templates / name).write_text(source[:start] + replacement + source[end:],
                                      encoding="utf-8")
        try:
            code = main(["check-templates", "--fixtures", str(work), "--templates",
                         str(templates)])
        finally:
            (templates / name).write_text(source, encoding="utf-8")
        out = capsys.readouterr().out
        assert code == 1, f"{name} changed, {fixture} still passes"
        assert f"{fixture}: REGRESSION" in out, name
        # (a heading may be set in capitals by its stylesheet)
        assert any(line.startswith("+") and MARK.lower() in line.lower()
                   for line in out.splitlines()), name
