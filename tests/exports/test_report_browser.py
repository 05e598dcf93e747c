"""report.html and the HTML packet in a real browser: they render, and no request leaves file://."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from collectors.config import Config
from collectors.store import Store
from dashboard.exports.packet import build_packet
from dashboard.exports.packet_render import write_packet
from dashboard.exports.snapshot import write_snapshot
from metrics.engine import Metrics

from .conftest import Q3

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"real-browser test needs Chromium at {CHROMIUM} (Debian package 'chromium')")
    playwright = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


def _open_offline(browser: object, path: Path) -> tuple[list[str], object]:
    """Open ``path`` with the network cut off; return every request URL the page made, and the page."""
    context = browser.new_context(offline=True)  # type: ignore[attr-defined]
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("networkidle")
    return requests, page


def test_report_renders_offline_without_any_request(
    browser: object, tmp_path: Path, demo_store: Store, demo_config: Config, q3_metrics: Metrics
) -> None:
    out = write_snapshot(
        demo_store, demo_config, tmp_path / "snap", since=Q3.since, until=Q3.until,
        metrics=q3_metrics, now=datetime(2026, 11, 24, tzinfo=UTC),
    )  # fmt: skip
    requests, page = _open_offline(browser, out / "report.html")
    assert requests == [(out / "report.html").as_uri()]
    assert all(url.startswith("file://") for url in requests)
    assert page.title().startswith("Leadership Footprint: team report")  # type: ignore[attr-defined]
    charts = page.locator("figure svg")  # type: ignore[attr-defined]
    assert charts.count() >= 6
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    assert page.locator("table").count() >= 4  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


def test_html_packet_renders_offline_without_any_request(
    browser: object, tmp_path: Path, demo_config: Config, q3_metrics: Metrics
) -> None:
    packet = build_packet(q3_metrics, demo_config, "marlowe", Q3.since, Q3.until)
    path = write_packet(packet, tmp_path / "marlowe.html")
    requests, page = _open_offline(browser, path)
    assert requests == [path.as_uri()]
    # one heading per behaviour with evidence, one for the quiet ones (if any), one for the notes
    headings = [section.label for section in packet.sections if section.acts]
    headings += ["Behaviours without evidence in this window"] if packet.quiet else []
    headings += ["How to read this packet"]
    assert page.locator("h2").all_inner_texts() == headings  # type: ignore[attr-defined]
    assert page.locator("a[href^='https://']").count() > 10  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]
