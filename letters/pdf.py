"""Letter layout and PDF rendering (the only module that imports WeasyPrint).

Takes a plain ``LetterDocument`` so it knows nothing about models. Rendering never touches
the network: the URL fetcher serves files from the portal's own static folder and inline
``data:`` URIs, and refuses everything else.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

# WeasyPrint takes well over a second to import, so it is imported on first render rather
# than by every process that merely loads the URL configuration.
_weasyprint = None
# One font configuration per process: building one scans the system's fonts, and the
# bundled @font-face files are then registered once instead of on every render.
_font_config = None
_render_lock = threading.Lock()
if logging.getLogger("weasyprint.progress").level == logging.NOTSET:
    # Its INFO lines narrate every step of every render.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class RenderError(Exception):
    """The letter could not be laid out as a PDF."""


class RefusedURL(ValueError):
    """A letter tried to load something from outside the portal's static files."""


@dataclass(frozen=True)
class PlanRow:
    title: str
    details: str
    implementer: str


@dataclass(frozen=True)
class PlanGroup:
    category: str
    rows: tuple[PlanRow, ...]


@dataclass(frozen=True)
class Image:
    data: bytes
    mime_type: str  # image/png or image/jpeg

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class LetterDocument:
    """Everything printed on a letter, already formatted as text."""

    language: str
    title: str
    clinic_name: str
    clinic_address: str
    clinic_phone: str
    clinic_email: str
    issued_on: str
    recipient_lines: tuple[str, ...]
    subject: str
    student_line: str
    body_html: str  # sanitized before it gets here
    plan_heading: str
    plan_groups: tuple[PlanGroup, ...]
    signer_name: str
    signer_credentials: str
    signer_license: str
    signed_line: str
    verification_code: str
    verification_url: str
    is_draft: bool = False
    is_development_signature: bool = False
    clinic_logo: Image | None = None
    signature_image: Image | None = None


def static_root() -> Path:
    return Path(settings.BASE_DIR) / "static"


def _load_weasyprint():
    global _weasyprint
    if _weasyprint is None:
        import weasyprint
        import weasyprint.text.fonts
        import weasyprint.urls

        _weasyprint = weasyprint
    return _weasyprint


@functools.cache
def _fetcher_class():
    urls = _load_weasyprint().urls

    class StaticOnlyFetcher(urls.URLFetcher):
        def __init__(self, root: Path):
            super().__init__(allowed_protocols=("file", "data"), fail_on_errors=False)
            self.root = root.resolve()

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise RefusedURL(f"Letters load nothing from outside the portal: {url}")
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                raise RefusedURL(f"Not one of the portal's static files: {url}")
            return urls.URLFetcherResponse(url, body=path.read_bytes())

    return StaticOnlyFetcher


def static_only_fetcher(root: Path):
    """A WeasyPrint URL fetcher for data: URIs and files under root; it refuses all else."""
    return _fetcher_class()(root)


def qr_svg_data_uri(url: str) -> str:
    """Return the verification URL as a QR code, an SVG data URI."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")


def render_letter_html(document: LetterDocument) -> str:
    """Return the complete, self-contained HTML the PDF is made from."""
    with translation.override(document.language):
        return render_to_string(
            "letters/pdf/letter.html",
            {
                "doc": document,
                "qr_uri": qr_svg_data_uri(document.verification_url)
                if document.verification_url
                else "",
                "page_label_before": _css_string(gettext("Page") + " "),
                "page_label_between": _css_string(" " + gettext("of") + " "),
            },
        )


def base_url() -> str:
    return static_root().resolve().as_uri() + "/"


def html_to_pdf(html: str) -> bytes:
    """Lay out letter HTML as a tagged PDF with the bundled fonts embedded."""
    global _font_config
    weasyprint = _load_weasyprint()
    with _render_lock:
        if _font_config is None:
            _font_config = weasyprint.text.fonts.FontConfiguration()
        try:
            return weasyprint.HTML(
                string=html, base_url=base_url(), url_fetcher=static_only_fetcher(static_root())
            ).write_pdf(font_config=_font_config, pdf_tags=True)
        except Exception as error:  # WeasyPrint raises many kinds; all mean "no PDF"
            raise RenderError(f"{type(error).__name__}: {error}") from error


def render_letter_pdf(document: LetterDocument) -> bytes:
    """Render the letter to PDF bytes; raises RenderError if layout fails."""
    return html_to_pdf(render_letter_html(document))
