"""The dashboard in a real browser: Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright against
a real ``streamlit run dashboard/app.py`` on a free loopback port, over the demo store.

Every page loads without an error element and draws a chart; the sidebar navigation moves between
pages; no request a page makes leaves the machine (fonts, icons and the favicon are all served by the
app itself); a screenshot of each page is saved under ``test-output/screenshots/``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from collectors.config import CONFIG_ENV

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: (url path, title in the navigation, whether the page draws a chart on the demo store)
PAGES = [
    ("", "Overview", True),
    ("my_footprint", "My footprint", True),
    ("team", "Team", True),
    ("packet", "Promotion packet", True),
    ("health", "Data health", True),
    ("snapshots", "Snapshots", False),
]
CHART = ".vega-embed, canvas"
ERROR = '[data-testid="stException"]'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium; CI installs it)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {base}")


@contextlib.contextmanager
def serve(config: Path, log: Path) -> Iterator[str]:
    """``streamlit run dashboard/app.py`` on ``config`` at a free loopback port; yields the base URL."""
    port = _free_port()
    env = {**os.environ, CONFIG_ENV: str(config)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(demo_config: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(demo_config, tmp_path_factory.mktemp("streamlit") / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def page(browser: object, server: str) -> Iterator[object]:
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    yield tab
    tab.close()


def _settle(tab: object, *, chart: bool) -> None:
    """Wait for the page's script run to finish (and its first chart to draw, if it has one)."""
    tab.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    if chart:
        tab.wait_for_selector(CHART, state="visible", timeout=60_000)
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


@pytest.mark.parametrize(("path", "title", "chart"), PAGES)
def test_page_loads_without_error_and_draws(
    page: object, server: str, path: str, title: str, chart: bool
) -> None:
    page.goto(f"{server}/{path}")
    _settle(page, chart=chart)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path or 'overview'}.png"), full_page=True)
    assert page.locator(ERROR).count() == 0, page.locator(ERROR).first.inner_text()
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == title
    if chart:
        assert page.locator(CHART).count() >= 1


def test_sidebar_navigation_moves_between_pages(page: object, server: str) -> None:
    page.goto(server)
    _settle(page, chart=True)
    for path, title, chart in PAGES[1:]:
        page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
        page.wait_for_url(f"**/{path}", timeout=30_000)
        _settle(page, chart=chart)
        assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == title
        assert page.locator(ERROR).count() == 0


def test_a_deep_link_as_the_first_request_gets_the_app(
    browser: object, demo_config: Path, tmp_path: Path
) -> None:
    """A fresh server whose first visitor opens /team directly still shows the app's menu and filters."""
    with serve(demo_config, tmp_path / "streamlit.log") as base:
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.goto(f"{base}/team")
        _settle(tab, chart=True)
        menu = [
            text.split("\n")[-1] for text in tab.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
        ]
        assert menu == [title for _, title, _ in PAGES]
        assert tab.get_by_text("Period (months)").count() == 1
        assert tab.locator(ERROR).count() == 0
        tab.close()


def test_no_request_leaves_the_machine(browser: object, server: str) -> None:
    """Air-gapped: every request of every page (scripts, fonts, icons, favicon, websocket) is to the app."""
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    for path, title, chart in PAGES:
        tab.goto(f"{server}/{path}")
        _settle(tab, chart=chart)
        tab.locator('[data-testid="stSidebarNav"] a', has_text=title).first.hover()
    tab.wait_for_timeout(1000)  # late loads: icon fonts, the favicon
    favicon = tab.locator("link[rel='shortcut icon']").get_attribute("href") or ""
    tab.close()
    assert favicon.startswith("data:image/svg+xml"), favicon[:80]  # the app's own icon, inlined
    network = [url for url in requested if not url.startswith(("data:", "blob:"))]
    assert any("/_stcore/" in url or url.endswith(".js") for url in network), "no request was recorded"
    outside = sorted({url for url in network if urlsplit(url).hostname not in ("127.0.0.1", "localhost")})
    assert not outside, outside
