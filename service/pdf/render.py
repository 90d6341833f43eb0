"""HTML → PDF with WeasyPrint, locked down.

- Jinja2 with autoescape on and undefined variables as errors.
- A URL fetcher that serves only the project's bundled assets (``asset:`` pseudo-URLs mapped
  to files under ``templates/``) and aborts the render on anything else: ``http:``,
  ``file:``, ``data:``, redirects, internal addresses — no request, no file read.
- ``FontConfiguration`` and the parsed stylesheets built once per process and reused.
- The user-agent stylesheet is the project's own ``templates/css/ua.css``: WeasyPrint's defaults
  for the elements our templates emit, without the rules that cost layout time for nothing.
- Streams are Deflate-compressed at zlib's default level 6, not pydyf's 9 (``deflate.py``).
- tinyhtml5's regex cache, which misses on every lookup, is repaired (``htmlparse.py``).
- The Pango context, font descriptions, decoration metrics and feature strings WeasyPrint builds
  for every text are built once per font configuration (``pango_reuse.py``).
- A property no rule sets is taken from the parent or the initial value before WeasyPrint's
  general path (``style_fastpath.py``); a box's used lengths are resolved without two calls
  per property (``percent_fast.py``); a line's glyphs are read from Pango's array in one go
  (``glyph_fast.py``).
- PDF/A-3b by default; metadata (title, author, subject, keywords, language, creation date from
  the case) set at render time, so the same case and ``as_of`` give byte-identical PDFs.
"""

from __future__ import annotations

import hashlib
import logging
import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from service import fr
from service.errors import LimitExceeded, RecouvreError
from service.paths import TEMPLATES
from service.pdf import deflate, glyph_fast, htmlparse, pango_reuse, percent_fast, style_fastpath

log = logging.getLogger("recouvre.render")

ASSET_SCHEME = "asset:"
UA_STYLESHEET = "css/ua.css"
_MEDIA = {".ttf": "font/ttf", ".otf": "font/otf", ".css": "text/css", ".png": "image/png",
          ".svg": "image/svg+xml", ".jpg": "image/jpeg"}


GENERATED_PREFIX = "gen/"


def generated_image_url(png: bytes) -> tuple[str, str]:
    """(name, URL) of an image the service generated itself (a QR code): the template shows
    ``asset:gen/<sha>.png``, the render that was handed the bytes serves them (no
    process-wide registry: :meth:`Renderer.render`'s ``images``)."""
    name = GENERATED_PREFIX + hashlib.sha256(png).hexdigest()[:32] + ".png"
    return name, ASSET_SCHEME + name


class ForbiddenFetch(FatalURLFetchingError):
    """Raised for any URL outside the bundled assets; aborts the render."""


class _ProjectHTML(HTML):
    """An HTML document styled by the project's user-agent stylesheet (``css/ua.css``).

    ``_ua_stylesheets`` is the hook WeasyPrint's own test suite overrides; tests/pdf/test_render.py
    fails if WeasyPrint stops calling it.
    """

    def __init__(self, *args: Any, ua_stylesheet: CSS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._project_ua = ua_stylesheet

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [self._project_ua]


class LockedFetcher(URLFetcher):
    """Serves ``asset:<relative path>`` from an allow-list of bundled files, nothing else."""

    def __init__(self, root: Path = TEMPLATES) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.root = root
        self.allowed: dict[str, Path] = {}
        for sub in ("fonts", "css", "img"):
            for path in (root / sub).glob("*") if (root / sub).is_dir() else []:
                if path.suffix.lower() in _MEDIA:
                    self.allowed[f"{sub}/{path.name}"] = path
        self.refused: list[str] = []
        self._cache: dict[str, bytes] = {}

    def fetch(self, url: str, headers: Any = None,
              images: Mapping[str, bytes] | None = None) -> URLFetcherResponse:
        if url.startswith(ASSET_SCHEME):
            key = url[len(ASSET_SCHEME):].lstrip("/")
            generated = images.get(key) if images else None
            if generated is not None:
                return URLFetcherResponse(url, generated, {"Content-Type": "image/png"})
            path = self.allowed.get(key)
            if path is not None:
                body = self._cache.get(key)
                if body is None:
                    body = self._cache[key] = path.read_bytes()
                return URLFetcherResponse(url, body, {"Content-Type": _MEDIA[path.suffix.lower()]})
        self.refused.append(url[:200])
        log.warning("render refused a fetch of %s", url[:200])
        raise ForbiddenFetch(f"fetching {url[:200]!r} is not allowed")

    def __call__(self, url: str) -> URLFetcherResponse:
        return self.fetch(url)


class _RenderFetcher(URLFetcher):
    """The locked fetcher plus the generated images of one render (``asset:gen/…``)."""

    def __init__(self, base: LockedFetcher, images: Mapping[str, bytes]) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.base = base
        self.images = images

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        return self.base.fetch(url, headers, images=self.images)

    def __call__(self, url: str) -> URLFetcherResponse:
        return self.fetch(url)


@dataclass(frozen=True)
class Anchor:
    """A box found in the laid-out document, in PDF points (origin bottom-left)."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    anchors: Mapping[str, Anchor]


def _environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        autoescape=True,  # always on: case data can never inject markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=fr.money, date_long=fr.date_long, date_short=fr.date_short, percent=fr.percent,
        typo=fr.typo, words=fr.amount_in_words,
    )
    return env


class Renderer:
    """One per worker process: fonts, stylesheets and templates are loaded once."""

    def __init__(self, *, max_pages: int = 60, timeout_s: int = 30,
                 root: Path = TEMPLATES) -> None:
        """``root``: the templates directory (another copy for the template regression check)."""
        self.root = root
        self.env = _environment(root)
        self.fetcher = LockedFetcher(root)
        self.font_config = FontConfiguration()
        self.max_pages = max_pages
        self.timeout_s = timeout_s
        self._css: dict[str, CSS] = {}
        self._lock = threading.Lock()
        deflate.use_default_level()  # zlib level 6 rather than pydyf's 9 (see deflate.py)
        htmlparse.install()  # tinyhtml5 2.1.0 misses its own regex cache (see htmlparse.py)
        pango_reuse.install()  # Pango context, font descriptions once (see pango_reuse.py)
        style_fastpath.install()  # unset properties: parent's or initial value (style_fastpath)
        percent_fast.install()  # used lengths without two calls per property (percent_fast)
        glyph_fast.install()  # the TJ strings from Pango's glyph array in one read (glyph_fast)
        self.ua_stylesheet = self.stylesheet(UA_STYLESHEET)
        self.stylesheet("css/letter.css")  # parse the shared stylesheet at start-up

    def stylesheet(self, name: str) -> CSS:
        css = self._css.get(name)
        if css is None:
            with self._lock:
                css = self._css.get(name)
                if css is None:
                    css = CSS(string=(self.root / name).read_text(encoding="utf-8"),
                              font_config=self.font_config, url_fetcher=self.fetcher)
                    self._css[name] = css
        return css

    def document(self, html: str, images: Mapping[str, bytes] | None = None) -> HTML:
        """The parsed HTML, fetching through the locked fetcher (plus this document's generated
        ``images``), styled by our UA sheet."""
        fetcher: URLFetcher = _RenderFetcher(self.fetcher, images) if images else self.fetcher
        return _ProjectHTML(string=html, base_url=ASSET_SCHEME, url_fetcher=fetcher,
                            ua_stylesheet=self.ua_stylesheet)

    def html(self, template: str, context: Mapping[str, Any]) -> str:
        # French typography on every printed text node, templates' and case data's alike
        return fr.typeset_html(self.env.get_template(template).render(**context))

    def render(
        self,
        html: str,
        *,
        stylesheets: tuple[str, ...] = ("css/letter.css",),
        pdfa: bool = True,
        variant: str = "pdf/a-3b",
        anchors: tuple[str, ...] = (),
        images: Mapping[str, bytes] | None = None,
    ) -> Rendered:
        sheets = [self.stylesheet(s) for s in stylesheets]
        try:
            with _time_limit(self.timeout_s):
                document = self.document(html, images).render(
                    stylesheets=sheets, font_config=self.font_config, presentational_hints=False)
                if len(document.pages) > self.max_pages:
                    raise LimitExceeded(
                        f"The document would have {len(document.pages)} pages; the limit is"
                        f" {self.max_pages} (RECOUVRE_MAX_DOCUMENT_PAGES)."
                    )
                found = {name: _find_anchor(document, name) for name in anchors}
                pdf = document.write_pdf(pdf_variant=variant if pdfa else None,
                                         pdf_tags=pdfa and variant != "pdf/a-3b",
                                         uncompressed_pdf=False)
        except ForbiddenFetch as exc:
            raise RecouvreError(
                title="Forbidden resource", status=422, detail=str(exc),
                type="https://recouvre.example/problems/forbidden-resource",
            ) from None
        return Rendered(pdf=pdf, pages=len(document.pages),
                        anchors={k: v for k, v in found.items() if v is not None})


def _find_anchor(document: Any, element_id: str) -> Anchor | None:
    """Locate the box of the element with ``id=element_id`` (CSS px → PDF points)."""
    for index, page in enumerate(document.pages):
        height_pt = page.height * 0.75
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == element_id and hasattr(box,
                                                                                  "border_width"):
                x, y = box.border_box_x(), box.border_box_y()
                w, h = box.border_width(), box.border_height()
                return Anchor(page=index, x1=x * 0.75, y1=height_pt - (y + h) * 0.75,
                              x2=(x + w) * 0.75, y2=height_pt - y * 0.75)
    return None


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _descendants(child)


class RenderTimeout(LimitExceeded):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """SIGALRM-based limit; only in the main thread (gunicorn sync workers, the CLI)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expired(signum: int, frame: Any) -> None:
        raise RenderTimeout(f"Rendering took longer than {seconds} s.", status=503)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
