"""The dashboard on a redacted store shows no word of anyone's comment (issue 13, §3): My footprint and
the Packet page of each of a few people, and the Team and Overview pages, are searched, every element,
table and chart dataset sent to the browser, for the words the plain demo's reasons quote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.access.rendered import rendered
from tests.redacted_demo import build_redacted_demo, distinctive_words, leaked

App = Callable[..., AppTest]
PEOPLE = ("Juno Kettleby", "Marlowe Tinderbox", "Odile Brasswick")


@pytest.fixture(scope="module")
def redacted_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_redacted_demo(tmp_path_factory.mktemp("redacted-demo"))


@pytest.fixture(scope="module")
def distinctive(demo_config: Path) -> set[str]:
    return distinctive_words(demo_config)


def _page(at: AppTest) -> str:
    assert not at.exception
    return rendered(at).decode("utf-8", "ignore")


@pytest.mark.parametrize("page", ["my_footprint", "packet"])
def test_personal_pages_show_classes_not_words(
    app: App, redacted_config: Path, distinctive: set[str], page: str
) -> None:
    at = app(redacted_config, page)
    for name in PEOPLE:
        chooser = next(s for s in at.selectbox if s.label == "Person")
        chooser.set_value(name).run()
        shown = _page(at)
        assert name in shown
        assert not leaked(shown, distinctive), (page, name)


@pytest.mark.parametrize("page", ["overview", "team"])
def test_team_pages_show_no_words(app: App, redacted_config: Path, distinctive: set[str], page: str) -> None:
    assert not leaked(_page(app(redacted_config, page)), distinctive)
