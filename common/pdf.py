"""Turn a rendered page into a PDF with headless Chromium, charts included.

The page is not fetched over HTTP (a single-worker server would wait for
itself): Chromium is pointed at an address that never reaches the network and
every request is answered here, the page with the HTML already rendered and
/static/ with files from STATIC_ROOT or the static finders. Anything else is
refused, so the PDF holds exactly what the user saw and nothing can leak out.

A Chromium costs a few hundred megabytes and a CPU while it renders, so
render_pdf() (the one way in) lets each user run PDF_RENDERS_PER_USER renders
at a time and the whole site PDF_RENDERS_TOTAL, and stops a render after
PDF_RENDER_TIMEOUT_SECONDS. The slots live in the Django cache, taken with
cache.add() (atomic: SET NX on Redis) and a TTL a little longer than the time
limit, so they hold across processes and servers that share the cache, and a
slot left by a process that died frees itself.
"""

import contextlib
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache

PAGE_URL = "http://pdf.invalid/page"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
CHART_WAIT_MS = 20_000
# A slot outlives the longest render by this much, then frees itself (a crashed worker).
SLOT_MARGIN_SECONDS = 30
# What a refused download is told to wait: about one render.
RETRY_AFTER_SECONDS = 10


class PdfUnavailable(RuntimeError):
    """Chromium is not installed where settings.CHROMIUM_PATH says."""


class PdfBusy(RuntimeError):
    """Too many renders running (this user's, or the whole site's): retry after ``retry_after`` seconds."""

    retry_after = RETRY_AFTER_SECONDS


class PdfTimedOut(RuntimeError):
    """The render did not finish within settings.PDF_RENDER_TIMEOUT_SECONDS."""


def _take(prefix: str, count: int, token: str, ttl: int) -> str | None:
    for index in range(count):
        key = f"{prefix}:{index}"
        if cache.add(key, token, ttl):
            return key
    return None


def _release(key: str, token: str) -> None:
    # Only our own slot: after its TTL it may already be someone else's.
    if cache.get(key) == token:
        cache.delete(key)


@contextlib.contextmanager
def render_slot(user):
    """Hold one of the user's render slots and one of the site's for the duration, or raise PdfBusy."""
    token = secrets.token_hex(8)
    ttl = settings.PDF_RENDER_TIMEOUT_SECONDS + SLOT_MARGIN_SECONDS
    mine = _take(f"pdf:user:{user.pk}", settings.PDF_RENDERS_PER_USER, token, ttl)
    if mine is None:
        raise PdfBusy("You are already making a PDF; wait until it has downloaded, then try again.")
    try:
        shared = _take("pdf:site", settings.PDF_RENDERS_TOTAL, token, ttl)
        if shared is None:
            raise PdfBusy(
                "The server is making as many PDFs as it can right now; try again in a few seconds."
            )
        try:
            yield
        finally:
            _release(shared, token)
    finally:
        _release(mine, token)


def render_pdf(user, html: str) -> bytes:
    """The one way to make a PDF: within the user's and the site's limits, and the time limit."""
    with render_slot(user):
        return html_to_pdf(html, timeout=settings.PDF_RENDER_TIMEOUT_SECONDS)


def static_file(path: str) -> Path | None:
    """The file behind a /static/... path: collected (hashed names) first, then the finders."""
    relative = path[len("/" + settings.STATIC_URL.lstrip("/")) :]
    if not relative or ".." in Path(relative).parts:
        return None
    collected = Path(settings.STATIC_ROOT) / relative
    if collected.is_file():
        return collected
    found = finders.find(relative)
    return Path(found) if found else None


def html_to_pdf(html: str, timeout: float = 60) -> bytes:
    """Render ``html`` (a full page of this app) to an A4 PDF once every chart has drawn.

    Each step gets what is left of ``timeout`` seconds; past it, PdfTimedOut. (Printing a
    page that has loaded and drawn takes no timeout in Playwright; it is the short step.)
    """
    chromium = Path(settings.CHROMIUM_PATH)
    if not chromium.exists():
        raise PdfUnavailable(f"PDF export needs Chromium at {chromium} (DJANGO_CHROMIUM_PATH).")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    deadline = time.monotonic() + timeout

    def left_ms() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PdfTimedOut(f"The PDF took longer than {timeout:g} seconds.")
        return remaining * 1000

    def answer(route):
        url = route.request.url
        if url == PAGE_URL:
            return route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")
        path = urlsplit(url).path
        file = static_file(path) if path.startswith(static_prefix) else None
        if file is None:
            return route.abort()
        return route.fulfill(path=str(file))

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=str(chromium), headless=True, args=LAUNCH_ARGS, timeout=left_ms()
            )
        except PlaywrightTimeout:
            raise PdfTimedOut(f"Chromium did not start within {timeout:g} seconds.") from None
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.set_default_timeout(left_ms())
            page.route("**/*", answer)
            page.emulate_media(media="print")
            page.goto(PAGE_URL, wait_until="load", timeout=left_ms())
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.chart[data-figure]')).every(c => c.dataset.drawn)",
                timeout=min(CHART_WAIT_MS, left_ms()),
            )
            left_ms()
            return page.pdf(format="A4", print_background=True, margin={"top": "12mm", "bottom": "12mm"})
        except PlaywrightTimeout:
            raise PdfTimedOut(f"The PDF took longer than {timeout:g} seconds.") from None
        finally:
            browser.close()
