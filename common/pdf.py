"""Turn a rendered page into a PDF with headless Chromium, charts included.

The page is not fetched over HTTP (a single-worker server would wait for
itself): Chromium is pointed at an address that never reaches the network and
every request is answered here, the page with the HTML already rendered and
/static/ with files from STATIC_ROOT or the static finders. Anything else is
refused, so the PDF holds exactly what the user saw and nothing can leak out.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

PAGE_URL = "http://pdf.invalid/page"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
CHART_WAIT_MS = 20_000


class PdfUnavailable(RuntimeError):
    """Chromium is not installed where settings.CHROMIUM_PATH says."""


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


def html_to_pdf(html: str) -> bytes:
    """Render ``html`` (a full page of this app) to an A4 PDF once every chart has drawn."""
    chromium = Path(settings.CHROMIUM_PATH)
    if not chromium.exists():
        raise PdfUnavailable(f"PDF export needs Chromium at {chromium} (DJANGO_CHROMIUM_PATH).")
    from playwright.sync_api import sync_playwright

    static_prefix = "/" + settings.STATIC_URL.lstrip("/")

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
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.route("**/*", answer)
            page.emulate_media(media="print")
            page.goto(PAGE_URL, wait_until="load")
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.chart[data-figure]')).every(c => c.dataset.drawn)",
                timeout=CHART_WAIT_MS,
            )
            return page.pdf(format="A4", print_background=True, margin={"top": "12mm", "bottom": "12mm"})
        finally:
            browser.close()
