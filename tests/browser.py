"""Open a page in Debian's real headless Chromium with the network cut off, and watch it.

Every request whose URL is not ``file:`` or ``data:`` is aborted and recorded, as are console
errors, uncaught page errors and dialogs (an ``alert`` means injected script ran). A run
without Chromium skips, saying why; with ``KGGRAPH_REQUIRE_BROWSER=1`` (set in CI) it fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = [
    "ARTIFACTS",
    "CHROMIUM_ARGS",
    "READY",
    "PageWatch",
    "assert_clean",
    "chromium_path",
    "launch",
    "open_page",
    "unavailable",
    "wait_ready",
]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_LOCAL = ("file:", "data:", "about:")
#: The page sets this once vis-network has drawn it (and, for the full graph, stabilised).
READY = "body[data-kg-ready='1']"


def chromium_path() -> str | None:
    """Chromium to drive: ``$KGGRAPH_CHROMIUM``, else ``/usr/bin/chromium``, else on PATH."""
    for candidate in (os.environ.get("KGGRAPH_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> None:
    """Skip, or fail when the environment says a browser is required (CI)."""
    message = f"browser tests skipped: {reason}"
    if os.environ.get("KGGRAPH_REQUIRE_BROWSER", "").strip() in {"1", "true", "yes"}:
        pytest.fail(f"{message} — and KGGRAPH_REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
    pytest.skip(f"{message} (install Debian's chromium and playwright to run them)")


@contextmanager
def launch() -> Iterator[object]:
    """A headless Chromium browser (playwright), or a skip/fail when there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    executable = chromium_path()
    if executable is None:
        unavailable("no Chromium found (/usr/bin/chromium, $KGGRAPH_CHROMIUM, PATH)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageWatch:
    """What a page did: requests it tried to send out, console errors, dialogs opened."""

    page: object
    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        """Save a screenshot to ``test-artifacts/NAME.png`` and return its path."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def _route(watch: PageWatch, allowed: tuple[str, ...]):  # noqa: ANN202 - playwright callback
    def handle(route) -> None:  # noqa: ANN001 - playwright Route
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            watch.blocked.append(url)
            route.abort()

    return handle


@contextmanager
def open_page(  # noqa: ANN001
    browser, path: Path | str, width: int = 1400, height: int = 900
) -> Iterator[PageWatch]:
    """Load ``path`` with every non-local request blocked; yield what the page did.

    ``path`` is a file, or the URL of a page of a server on this machine (``kggraph serve``):
    then requests to that server's origin are let through too, and every other is blocked."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, service_workers="block"
    )
    page = context.new_page()
    watch = PageWatch(page)
    allowed = _LOCAL
    if isinstance(path, str):
        scheme, _, rest = path.partition("://")
        allowed = (*_LOCAL, f"{scheme}://{rest.split('/', 1)[0]}/")
    context.route("**/*", _route(watch, allowed))
    page.on("request", lambda r: watch.requests.append(r.url))
    page.on("websocket", lambda ws: watch.blocked.append(ws.url))
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: watch.console_errors.append(f"pageerror: {err}"))

    def on_dialog(dialog) -> None:  # noqa: ANN001 - playwright Dialog
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(path if isinstance(path, str) else path.resolve().as_uri(), wait_until="load")
        yield watch
    finally:
        context.close()


def wait_ready(watch: PageWatch) -> None:
    """Wait until the page says it is drawn."""
    watch.page.wait_for_selector(READY, state="attached", timeout=60_000)


def assert_clean(watch: PageWatch, path: Path) -> None:
    """No console error, no dialog, no request but the page itself."""
    assert watch.console_errors == []
    assert watch.dialogs == []
    assert watch.blocked == []
    assert watch.requests == [path.resolve().as_uri()]
