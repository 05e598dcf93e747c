"""``[access] exclude``: an excluded person is on no page and in no export; text only on request."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from collectors.config import load_config, parse_config
from collectors.store import open_store
from dashboard.access import scrub_excluded
from dashboard.exports.packet import build_packet
from dashboard.exports.packet_render import to_html, to_markdown
from metrics.engine import load_metrics

from .conftest import EXCLUDED, PAGE_NAMES, PEOPLE, App
from .rendered import rendered

FOOTPRINT = Path(sys.executable).with_name("footprint")
WINDOW = ["--since", "2026-05-01", "--until", "2026-11-01"]
#: Every way the demo's excluded person can be named: id, name, GitHub login, Jira accountId, email.
TRACES = re.compile(r"tobias|fernhollow|tobi-fern|5431e979", re.IGNORECASE)
BODY = "the reason we avoid catching"  # a comment body in the demo, on the excluded person's PR


@pytest.fixture(scope="module")
def site(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, ``open`` mode, with the excluded person; the folder holding footprint.toml."""
    folder = tmp_path_factory.mktemp("excluded")
    text = (demo_folder / "footprint.toml").read_text("utf-8")
    text = text.replace("exclude = []", f'exclude = ["{EXCLUDED}"]')
    text = text.replace('url = "sqlite:///footprint.db"', f'url = "sqlite:///{demo_folder / "footprint.db"}"')
    (folder / "footprint.toml").write_text(text, "utf-8")
    return folder


def footprint(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FOOTPRINT), *args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )


def file_text(path: Path) -> str:
    """A snapshot file as text: Parquet files as every cell of every column."""
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pandas().astype(str).to_csv()
    return path.read_text("utf-8")


@pytest.mark.parametrize("include_text", [False, True], ids=["default", "include-text"])
def test_snapshot_files_never_name_the_excluded_person(site: Path, include_text: bool) -> None:
    out = site / f"snap-{include_text}"
    flags = ["--include-text"] if include_text else []
    done = footprint(["snapshot", "--out", str(out), *WINDOW, *flags], site)
    assert done.returncode == 0, done.stderr
    files = sorted(out.iterdir())
    assert {f.name for f in files} >= {"events.csv", "events.parquet", "people.csv", "report.html"}
    for path in files:
        found = TRACES.findall(file_text(path))
        assert not found, f"{path.name}: {found[:5]}"
    people = pd.read_csv(out / "people.csv")
    assert EXCLUDED not in set(people["person"]) and "juno" in set(people["person"])
    events = pd.read_csv(out / "events.csv")
    bodies = "\n".join(events["text"].dropna()) if "text" in events else ""
    if include_text:  # others' comments on the excluded person's PRs are kept, the name is not
        # ("Tip, [excluded]: when a function both fetches ...", "Nice work, [excluded]! ...")
        assert BODY in bodies and re.search(r"\[excluded\][,:!] \w", bodies)
    else:
        assert "text" not in events.columns and "text" not in pq.read_schema(out / "events.parquet").names
        assert all(BODY not in file_text(path) for path in files)


def test_packet_of_the_excluded_person_is_refused(site: Path) -> None:
    out = site / "tobias.md"
    done = footprint(["packet", "--person", EXCLUDED, "--out", str(out), *WINDOW], site)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert EXCLUDED in done.stderr and not out.exists()


def test_no_packet_names_the_excluded_person(site: Path) -> None:
    config = load_config(site / "footprint.toml")
    store = open_store(config.store_url())
    metrics = load_metrics(store, config)
    store.dispose()
    for person in sorted(set(PEOPLE) - {EXCLUDED}):
        packet = build_packet(metrics, config, person, date(2026, 5, 1), date(2026, 11, 1))
        for text in (to_markdown(packet), to_html(packet)):
            assert not TRACES.findall(text), person
    done = footprint(["packet", "--person", "odile", "--out", str(site / "odile.html"), *WINDOW], site)
    assert done.returncode == 0, done.stderr
    assert not TRACES.findall((site / "odile.html").read_text("utf-8"))


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_no_page_shows_the_excluded_person(app: App, site: Path, page: str) -> None:
    at = app(site / "footprint.toml", {}, page)
    assert not TRACES.findall(rendered(at).decode("utf-8", "replace"))
    if page == "health":
        assert {m.label: m.value for m in at.metric}["People excluded"] == "1"


def test_scrubbing_matches_names_logins_and_ids_but_not_other_words() -> None:
    config = parse_config(
        {
            "people": [
                {"id": "tom", "name": "Tom Ash-Field", "github": ["t-ash"], "emails": ["tom@x.test"]},
                {"id": "ann", "name": "Ann Bee"},
            ],
            "access": {"exclude": ["tom"]},
        }
    )
    texts = pd.Series(
        ["thanks @t-ash and Tom!", "ask tom@x.test", "Ash field day", "tomato, Tommy, Ann", None]
    )
    scrubbed = scrub_excluded(texts, config)
    assert list(scrubbed[:4]) == [
        "thanks [excluded] and [excluded]!",
        "ask [excluded]",
        "[excluded] [excluded] day",
        "tomato, Tommy, Ann",
    ]
    assert pd.isna(scrubbed[4])
    nobody = config.model_copy(update={"access": config.access.model_copy(update={"exclude": []})})
    assert scrub_excluded(texts, nobody) is texts
