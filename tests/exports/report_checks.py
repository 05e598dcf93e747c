"""What makes an HTML file self-contained: nothing in it is fetched when it is opened."""

from __future__ import annotations

from html.parser import HTMLParser

#: (tag, attribute) pairs a browser fetches on its own when the page is opened.
FETCHING = {
    ("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
    ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
    ("image", "href"), ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"), ("input", "src"),
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.scripts = 0
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        for name, value in attrs:
            if (tag, name) in FETCHING and value and not value.startswith(("data:", "#")):
                self.fetches.append(f"<{tag} {name}={value}>")
            if tag == "a" and name == "href" and value:
                self.anchors.append(value)


def offline_problems(html: str) -> list[str]:
    """Everything in ``html`` that would make a browser fetch something (empty when self-contained)."""
    collector = _Collector()
    collector.feed(html)
    problems = list(collector.fetches)
    if collector.scripts:
        problems.append(f"{collector.scripts} <script> elements")
    lowered = html.lower()
    for needle in ("@import", "url(http", "url(//", "cdn.jsdelivr", "unpkg.com"):
        if needle in lowered:
            problems.append(f"contains {needle!r}")
    return problems


def anchors(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return collector.anchors
