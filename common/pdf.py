"""Turn a rendered page into a PDF document with headless Chromium, charts included.

Chromium stays the renderer because the charts are plotly.js figures: it draws them exactly as
the browser does, where a document library would need every chart pre-rendered to SVG (plotly's
static export itself runs a Chromium). What made a PDF slow was starting that Chromium and
loading plotly.js (5 MB) for each one, so each process keeps one browser (``Renderer``) with
pages that have plotly.js loaded, and shows each rendered page in one of them; the browser
closes itself after IDLE_SECONDS without a PDF and starts again on the next
(tests/perf/bench_pdf.py measures both).

The page is not fetched from the app (a single-worker server would wait for itself): Chromium
is pointed at an address that never reaches the network and every request is answered here,
/static/ with files from STATIC_ROOT or the static finders; the page itself is handed to the
browser page from memory. Anything else is refused, so the PDF holds exactly what the user saw
and nothing can leak out.

Paper: A4 with PAGE_MARGINS (at least 15 mm blank on every side), the page laid out at the
width it is printed at (so the charts are drawn at that width), static/css/print.css for what
paper shows, and on every page a running header and footer (render_pdf's keyword arguments):
the document and its evaluation, the decision state, the "as of" date and "page x of y".

A render costs a CPU while it runs, so render_pdf() (the one way in) lets each user run
PDF_RENDERS_PER_USER renders at a time and the whole site PDF_RENDERS_TOTAL, and stops a render
after PDF_RENDER_TIMEOUT_SECONDS. The slots live in the Django cache, taken with cache.add()
(atomic: SET NX on Redis) and a TTL a little longer than the time limit, so they hold across
processes and servers that share the cache, and a slot left by a process that died frees itself.
"""

import asyncio
import atexit
import concurrent.futures
import contextlib
import dataclasses
import datetime
import html as html_escape
import os
import secrets
import threading
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.templatetags.static import static
from django.utils import timezone

PAGE_ORIGIN = "http://pdf.invalid"
PAGE_URL = f"{PAGE_ORIGIN}/page"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
CHARTS_DRAWN = "Array.from(document.querySelectorAll('.chart[data-figure]')).every(c => c.dataset.drawn)"
# At least BLANK_EDGE_MM of paper is blank on every side (tests/test_pdf_document.py looks);
# the running header and footer sit in the top and bottom margins, just inside that edge.
SIDE_MARGIN_MM = 18
PAGE_MARGINS = {
    "top": "25mm",
    "bottom": "25mm",
    "left": f"{SIDE_MARGIN_MM}mm",
    "right": f"{SIDE_MARGIN_MM}mm",
}
BLANK_EDGE_MM = 15
# Chromium puts about 5 mm between the paper's edge and a running header's box.
HEAD_OFFSET_MM = 10
# A4 less the side margins, in CSS pixels (96 per inch): the page is laid out, and its charts
# drawn, at the width they are printed at.
PRINT_WIDTH_PX = round((210 - 2 * SIDE_MARGIN_MM) / 25.4 * 96)
# A browser nobody has used for this long is closed (a few hundred megabytes back).
IDLE_SECONDS = 600
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


@dataclasses.dataclass(frozen=True)
class RunningHead:
    """What every page of a PDF says about itself, as typed (it is escaped here).

    Header: ``title`` (the document and its evaluation) on the left, ``state`` (of the decision)
    on the right; footer: ``dated`` (the "as of" date, when printed) on the left, page x of y on
    the right.
    """

    title: str
    state: str = ""
    dated: str = ""

    @classmethod
    def of(
        cls,
        title: str,
        as_of: datetime.date | None = None,
        state: str = "",
        printed: datetime.datetime | None = None,
    ) -> "RunningHead":
        printed = timezone.localtime(printed or timezone.now())
        when = f"printed {printed:%Y-%m-%d %H:%M} {printed.tzname()}"
        return cls(title, state, f"Facts as of {as_of:%Y-%m-%d} · {when}" if as_of else when.capitalize())


def _running_line(left: str, right: str, edge: str) -> str:
    # Chromium draws these in the page margin, outside the page's stylesheet: inline styles, lined
    # up with the text of the page, and clear of the outer BLANK_EDGE_MM of the paper.
    return (
        f'<div style="box-sizing:border-box;width:100%;display:flex;gap:8mm;justify-content:space-between;'
        f"padding:0 {SIDE_MARGIN_MM}mm;margin-{edge}:{HEAD_OFFSET_MM}mm;"
        f'font:7.5pt system-ui,sans-serif;color:#444;">'
        f'<span style="overflow-wrap:anywhere;">{left}</span>'
        f'<span style="text-align:right;white-space:nowrap;">{right}</span></div>'
    )


def header_template(head: RunningHead) -> str:
    return _running_line(html_escape.escape(head.title), html_escape.escape(head.state), "top")


def footer_template(head: RunningHead) -> str:
    pages = 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>'
    # The footer box ends at the paper's edge: its text sits above the blank bottom margin.
    line = _running_line(html_escape.escape(head.dated), pages, "bottom")
    return f'<div style="width:100%;display:flex;flex-direction:column;justify-content:flex-end;height:100%;">{line}</div>'


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


def render_pdf(
    user,
    html: str,
    *,
    title: str | None = None,
    as_of: datetime.date | None = None,
    state: str = "",
) -> bytes:
    """The one way to make a PDF: within the user's and the site's limits, and the time limit.

    ``html`` is a full page of this app, rendered for ``user`` (whose render slot it takes).
    Every page of the PDF says in its header ``title`` (what the document is and of which
    evaluation, e.g. "Travel risk 2026 · Dashboard"; the page's <title> when None) and
    ``state`` (of the decision, e.g. "Decided on 2026-11-01 by Rhiannon Keane"), and in its
    footer "Facts as of ``as_of``", when it was printed and "Page x of y". Raises PdfBusy,
    PdfTimedOut or PdfUnavailable (common.pages.PdfDownloadMixin answers each).
    """
    head = RunningHead.of(title, as_of, state) if title is not None else None
    with render_slot(user):
        return html_to_pdf(html, head=head, timeout=settings.PDF_RENDER_TIMEOUT_SECONDS)


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


# The page's scripts other than this library run for every PDF; the library runs once per page.
LIBRARY = "vendor/plotly/plotly.min.js"
# A page is closed after this many PDFs (each leaves the listeners its scripts added).
PAGE_USES = 50

# In a page that has the library loaded (and nothing else: CLEAR_PAGE): put in the rendered page
# (its head after what the library put there, and its body, as DOMParser reads them, which runs
# none of their scripts), wait for its stylesheets, then run its scripts in order, all but the
# library, as the browser would have.
SHOW_PAGE = """async ([html, library]) => {
  const next = new DOMParser().parseFromString(html, "text/html");
  document.documentElement.lang = next.documentElement.lang;
  const head = Array.from(next.head.children); // a copy: adopting a node takes it out of next.head
  document.head.append(...head.map((node) => document.adoptNode(node)));
  document.body.replaceWith(document.adoptNode(next.body));
  await Promise.all(Array.from(document.querySelectorAll('link[rel="stylesheet"]'), (link) =>
    link.sheet ? null : new Promise((done) => { link.onload = link.onerror = done; })));
  for (const old of Array.from(document.querySelectorAll("script[src]"))) {
    if (new URL(old.src).pathname === new URL(library, location.href).pathname) continue;
    await new Promise((done, failed) => {
      const script = document.createElement("script");
      script.onload = done;
      script.onerror = () => failed(new Error("could not load " + old.src));
      script.src = old.src;
      document.body.append(script);
    });
  }
}"""
# Back to the library alone. Its <style> elements stay where they are: their rules were added
# through the CSSOM, and a <style> taken out and put back would lose them.
CLEAR_PAGE = """() => {
  document.querySelectorAll(".chart[data-drawn]").forEach((chart) => window.Plotly.purge(chart));
  Array.from(document.head.children).forEach((node) => node.matches("[data-library]") || node.remove());
  document.body.replaceChildren();
}"""
# Marks what the library put in the head, once it has loaded.
MARK_LIBRARY = """() => {
  if (window.Plotly === undefined) return false;
  Array.from(document.head.children).forEach((node) => node.setAttribute("data-library", ""));
  return true;
}"""


class Renderer:
    """One headless Chromium for the process, with pages that have plotly.js loaded already.

    Loading plotly.js (5 MB) took most of a PDF's time, so a page loads it once and then shows
    one rendered page after another (SHOW_PAGE: the page's own scripts, charts.js, run each
    time and draw the charts). Each page has a browser context of its own, is emptied after
    each PDF and closed after PAGE_USES, or at once when a PDF failed in it.

    Playwright objects belong to the event loop that made them, and requests arrive on many
    threads: the loop runs in a daemon thread and each PDF is a coroutine submitted to it, so
    PDFs made at the same time use pages of one browser. A browser that crashed is started
    again; after a fork the child starts its own loop and browser.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = 0
        self._reset()

    def _reset(self) -> None:
        self._playwright = None
        self._browser = None
        self._executable = ""
        self._launching: asyncio.Future | None = None
        self._idle_pages: list = []
        self._active = 0
        self._idle_timer: asyncio.TimerHandle | None = None

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                self._loop = asyncio.new_event_loop()
                self._pid = os.getpid()
                self._reset()
                threading.Thread(target=self._loop.run_forever, name="pdf-renderer", daemon=True).start()
            return self._loop

    def render(self, html: str, head: RunningHead | None, timeout: float) -> bytes:
        """``html`` as an A4 PDF once every chart has drawn, or PdfTimedOut after ``timeout`` seconds."""
        future = asyncio.run_coroutine_threadsafe(self._render(html, head, timeout), self._event_loop())
        try:
            return future.result(timeout + 5)  # the coroutine keeps its own time; this is a backstop
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise PdfTimedOut(f"The PDF took longer than {timeout:g} seconds.") from None

    @property
    def running(self) -> bool:
        """Whether a browser is up (and would serve the next PDF without starting)."""
        return self._browser is not None and self._browser.is_connected()

    async def _render(self, html: str, head: RunningHead | None, timeout: float) -> bytes:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        self._active += 1
        page = None
        try:
            async with asyncio.timeout(timeout):
                page = await self._page(str(settings.CHROMIUM_PATH), timeout)
                document = await self._print(page, html, head)
            self._put_back(page)
            return document
        except (TimeoutError, PlaywrightTimeout):
            await self._discard(page)
            raise PdfTimedOut(f"The PDF took longer than {timeout:g} seconds.") from None
        except PlaywrightError as failure:
            # A browser that crashed or could not start, or a page that broke: start afresh next time.
            await self._discard(page)
            raise PdfUnavailable(f"The PDF renderer failed ({failure.message.splitlines()[0]}).") from None
        finally:
            self._active -= 1
            self._close_when_idle()

    async def _page(self, executable: str, timeout: float):
        """An idle page of a running browser, or a new one with the library loaded."""
        if self._launching is None or (
            self._launching.done() and (not self.running or self._executable != executable)
        ):
            # One start for every PDF waiting on it, and not abandoned half-way when the PDF
            # that asked for it runs out of time (shield): the next one uses it.
            self._launching = asyncio.ensure_future(self._launch(executable))
        await asyncio.shield(self._launching)
        if self._idle_pages:
            return self._idle_pages.pop()
        context = await self._browser.new_context(
            viewport={"width": PRINT_WIDTH_PX, "height": 1000}, service_workers="block"
        )
        try:
            context.set_default_timeout(timeout * 1000)
            await context.route("**/*", self._answer)
            page = await context.new_page()
            page.uses = 0
            await page.emulate_media(media="print")
            await page.goto(PAGE_URL, wait_until="load")
            await page.wait_for_function(MARK_LIBRARY)
            return page
        except BaseException:  # out of time (cancelled) included: the context is not left open
            with contextlib.suppress(Exception):
                await asyncio.shield(context.close())
            raise

    async def _launch(self, executable: str) -> None:
        from playwright.async_api import async_playwright

        await self._close_browser()
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(
            executable_path=executable, headless=True, args=LAUNCH_ARGS
        )
        self._executable = executable

    @staticmethod
    async def _answer(route):
        """The empty page, /static/ files, and nothing else (nothing leaves Chromium)."""
        url = route.request.url
        if url == PAGE_URL:
            shell = f'<!doctype html><html><head></head><body><script src="{static(LIBRARY)}"></script></body></html>'
            return await route.fulfill(status=200, body=shell, content_type="text/html; charset=utf-8")
        path = urlsplit(url).path
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        file = static_file(path) if url.startswith(PAGE_ORIGIN) and path.startswith(static_prefix) else None
        if file is None:
            return await route.abort()
        return await route.fulfill(path=str(file))

    async def _print(self, page, html: str, head: RunningHead | None) -> bytes:
        page.uses += 1
        await page.evaluate(SHOW_PAGE, [html, static(LIBRARY)])  # its URL as the page has it (hashed)
        await page.wait_for_function(CHARTS_DRAWN, polling=50)
        head = head or RunningHead.of(await page.title())
        document = await page.pdf(
            format="A4",
            print_background=True,
            margin=PAGE_MARGINS,
            display_header_footer=True,
            header_template=header_template(head),
            footer_template=footer_template(head),
        )
        await page.evaluate(CLEAR_PAGE)
        return document

    def _put_back(self, page) -> None:
        if page.uses < PAGE_USES and page.context.browser is self._browser and self.running:
            self._idle_pages.append(page)
        else:
            asyncio.ensure_future(self._discard(page))

    async def _discard(self, page) -> None:
        if page is not None:
            with contextlib.suppress(Exception):
                await page.context.close()

    def _close_when_idle(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        if self._active == 0 and self._loop is not None:
            self._idle_timer = self._loop.call_later(
                IDLE_SECONDS, lambda: asyncio.ensure_future(self._close_if_idle())
            )

    async def _close_if_idle(self) -> None:
        if self._active == 0:
            await self._close_browser()

    async def _close_browser(self) -> None:
        browser, self._browser, self._idle_pages = self._browser, None, []
        if browser is not None:
            with contextlib.suppress(Exception):
                await browser.close()

    async def _stop(self) -> None:
        await self._close_browser()
        playwright, self._playwright = self._playwright, None
        if playwright is not None:
            with contextlib.suppress(Exception):
                await playwright.stop()

    def close(self) -> None:
        """Close the browser and its driver (at exit; tests); the next PDF starts them again."""
        loop = self._loop
        if loop is None or self._pid != os.getpid() or not loop.is_running():
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._stop(), loop).result(10)


renderer = Renderer()
atexit.register(renderer.close)


def html_to_pdf(html: str, head: RunningHead | None = None, timeout: float = 60) -> bytes:
    """Render ``html`` (a full page of this app) to an A4 PDF once every chart has drawn.

    Everything, starting the browser if it is not running, counts against ``timeout`` seconds;
    past it, PdfTimedOut.
    """
    chromium = Path(settings.CHROMIUM_PATH)
    if not chromium.exists():
        raise PdfUnavailable(f"PDF export needs Chromium at {chromium} (DJANGO_CHROMIUM_PATH).")
    return renderer.render(html, head, timeout)
