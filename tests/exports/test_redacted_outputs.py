"""With ``redact_text`` no word of anyone's comment reaches the store, the evidence, a packet, the report
or a snapshot: reasons name the class, the risk and the feature, never the words (issue 13, §3).

The demo is built twice, plainly and redacted (as a sync writes it: classified before written); the
words the plain demo's reasons quote from comments and that nothing else could give are searched for
in everything the redacted one produces (:mod:`tests.redacted_demo`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from collectors.config import Config, load_config
from collectors.store import open_store
from dashboard.exports.packet import build_packet
from dashboard.exports.packet_render import to_html, to_markdown
from metrics.engine import Metrics, load_metrics
from tests.redacted_demo import QUOTED, build_redacted_demo, distinctive_words, leaked, metadata_words, words

from .test_cli import footprint

SINCE, UNTIL = date(2026, 5, 1), date(2026, 11, 1)


@pytest.fixture(scope="module")
def distinctive(demo_config_path: Path) -> set[str]:
    return distinctive_words(demo_config_path)


@pytest.fixture(scope="module")
def redacted_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_redacted_demo(tmp_path_factory.mktemp("redacted-demo"))


@pytest.fixture(scope="module")
def redacted_config(redacted_path: Path) -> Config:
    return load_config(redacted_path)


@pytest.fixture(scope="module")
def redacted_metrics(redacted_config: Config) -> Metrics:
    store = open_store(redacted_config.store_url(), redact_text=True)
    try:
        return load_metrics(store, redacted_config)
    finally:
        store.dispose()


def _strings(frame: pd.DataFrame) -> str:
    return "\n".join(frame[column].astype(str).str.cat(sep="\n") for column in frame.columns)


def test_the_check_can_fail(demo_config_path: Path, demo_config: Config, distinctive: set[str]) -> None:
    """The plain demo's reasons do quote comments: the words searched for are there to be found."""
    assert len(distinctive) >= 15, sorted(distinctive)
    store = open_store(demo_config.store_url())
    try:
        plain = load_metrics(store, demo_config)
    finally:
        store.dispose()
    assert len(leaked(_strings(plain.evidence[["reason"]]), distinctive)) >= 10
    packet = to_markdown(build_packet(plain, demo_config, "juno", SINCE, UNTIL))
    assert leaked(packet, distinctive)


def test_the_redacted_store_holds_no_word_of_a_comment(redacted_path: Path, distinctive: set[str]) -> None:
    store_files = sorted(redacted_path.parent.glob("footprint.db*"))
    assert store_files
    for path in store_files:
        assert not leaked(path.read_bytes().decode("utf-8", "ignore"), distinctive), path.name


def test_evidence_and_opportunities_name_classes_not_words(
    redacted_metrics: Metrics, redacted_path: Path, distinctive: set[str]
) -> None:
    evidence = redacted_metrics.evidence
    assert len(evidence) > 1000 and evidence["text_class"].notna().any()
    assert not leaked(_strings(evidence), distinctive)
    assert not leaked(_strings(redacted_metrics.opportunities), distinctive)
    # what a reason still quotes is what the store keeps besides text: a label, an issue's title
    stored = metadata_words(redacted_path.parent / "footprint.db", redacted_path)
    quoted = set().union(*(words(" ".join(QUOTED.findall(reason))) for reason in evidence["reason"]))
    assert quoted <= stored, sorted(quoted - stored)
    risky = evidence[evidence["rule"] == "risk_raising.risk_comment"]["reason"]
    assert len(risky) and risky.str.contains(r": (?:[a-z-]+ risk|a risk)", regex=True).all()
    assert evidence["reason"].str.contains(r"feedback on \S+: \((?:[a-z /-]+)\)", regex=True).any()


def test_no_packet_quotes_a_comment(
    redacted_metrics: Metrics, redacted_config: Config, distinctive: set[str]
) -> None:
    people = redacted_metrics.people
    mapped = people.loc[people["mapped"], "person"].tolist()
    assert len(mapped) >= 10
    for person in mapped:
        packet = build_packet(redacted_metrics, redacted_config, person, SINCE, UNTIL, growth=True)
        for page in (to_markdown(packet), to_html(packet)):
            assert not leaked(page, distinctive), person


def test_snapshot_report_and_packet_commands_export_no_word(
    redacted_path: Path, tmp_path: Path, distinctive: set[str]
) -> None:
    window = ["--since", SINCE.isoformat(), "--until", UNTIL.isoformat()]
    config = ["--config", str(redacted_path)]
    snapshot = tmp_path / "snapshot"
    done = footprint("snapshot", *config, "--out", str(snapshot), "--include-text", *window, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    files = sorted(snapshot.iterdir())
    assert {"report.html", "evidence.csv", "opportunities.csv"} <= {path.name for path in files}
    for path in files:
        assert not leaked(path.read_bytes().decode("utf-8", "ignore"), distinctive), path.name
    packet = tmp_path / "juno.md"
    done = footprint(
        "packet", *config, "--person", "juno", "--out", str(packet), "--growth", *window, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    text = packet.read_text("utf-8")
    assert "Text class: " in text and not leaked(text, distinctive)


def _repeated_feedback(metrics: Metrics) -> list[tuple[str, str, str]]:
    found = metrics.opportunities[metrics.opportunities["kind"] == "repeated_feedback"]
    return sorted(zip(found["person"], found["item"], found["reason"], strict=True))


def test_repeated_feedback_needs_no_text(redacted_metrics: Metrics, demo_config: Config) -> None:
    """The kind of feedback a comment gives is kept with its class (``feedback:<kind>`` among the
    stored cues), so a redacted store finds the same repeated feedback as the plain one."""
    store = open_store(demo_config.store_url())
    try:
        plain = load_metrics(store, demo_config)
    finally:
        store.dispose()
    expected = _repeated_feedback(plain)
    assert len(expected) >= 3, expected
    assert _repeated_feedback(redacted_metrics) == expected
