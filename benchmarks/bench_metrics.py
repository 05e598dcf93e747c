"""Benchmark: metrics over 1,000,000 stored events (issue 5; DESIGN §9).

Generates a synthetic store (SQLite, cached in the temp folder per size and seed) with a realistic mix
of kinds: pull requests with reviews, inline comments and conversation comments (some by a CI bot),
GitHub issues, Jira issues with comments and status changes (some through Blocked), retros with items
and actions. Comment texts are real review comments (``../shared/data/review-comments``, when present)
made unique with a reference, so deduplication does not flatter the text classifier.

Prints the time to load the events with ``Store.events()`` and the time to compute their metrics as
``load_metrics`` does, twice, each in a fresh process: cold (the store's text-class cache emptied, so
every text is classified and stored) and warm (the cache filled, as after ``footprint sync``); the
ratio of compute to load; each process's peak resident memory; and the cost of the sync-time cache
warm-up when nothing is new. Targets: warm compute <= 10 s, ratio <= 3, peak <= 2 GB.

The opportunities (``metrics/opportunities/``, as of the end of the generated half-year) are part of
every compute; fresh processes compute the warm metrics with and without them, in turn (``--pairs``,
default 3), so their cost shows on its own as the median difference of a pair: targets <= 2 s more
compute and <= 10 % more peak memory than without them.

    .venv/bin/python benchmarks/bench_metrics.py [--events 1000000] [--breakdown] [--pairs 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from collectors.config import Config, parse_config
from collectors.store import open_store, schema
from metrics.engine import _compute
from metrics.textcache import TextClassCache, warm_text_classes

REPO = Path(__file__).resolve().parents[1]
COMMENTS_CSV = REPO.parent / "shared" / "data" / "review-comments" / "labelled-dev.csv"
START = datetime(2025, 1, 1, tzinfo=UTC)
DAYS = 180
#: The window's end the opportunities are computed as of: the end of the generated events.
UNTIL = START + timedelta(days=DAYS)
TEAMS = 6
PEOPLE_PER_TEAM = 10
FALLBACK_TEXTS = (
    "This could leak the file handle if parse() raises; use a context manager.",
    "Why do we need a second cache here?",
    "nit: rename to user_id for consistency",
    "Nice, much clearer than before!",
    "Consider splitting this into a strategy object, because the branches will keep growing.",
    "Update: blocked on the schema migration, ETA Friday.",
    "There is a risk of a regression for existing tokens.",
    "LGTM",
)


def _config() -> Config:
    teams = [
        {"name": f"team{t}", "repos": [f"acme/repo{t}"], "jira_projects": [f"P{t}"]} for t in range(TEAMS)
    ]
    people = [
        {"id": f"p{i:02d}", "team": f"team{i // PEOPLE_PER_TEAM}", "level": 1 + i % 5,
         "github": [f"user{i:02d}"], "jira": [f"acc-{i:02d}"]}
        for i in range(TEAMS * PEOPLE_PER_TEAM)
    ]  # fmt: skip
    return parse_config({"teams": teams, "people": people})


def _texts() -> list[str]:
    if COMMENTS_CSV.exists():
        with COMMENTS_CSV.open(encoding="utf-8") as handle:
            return [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
    return list(FALLBACK_TEXTS)


class Gen:
    """Vectorised generator of event rows (columns of the events table)."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.pool = np.array(_texts(), dtype=object)
        self.n = 0
        self.frames: list[pd.DataFrame] = []

    def ids(self, count: int) -> np.ndarray:
        out = np.arange(self.n, self.n + count)
        self.n += count
        return out

    def people(self, count: int) -> np.ndarray:
        return self.rng.integers(0, TEAMS * PEOPLE_PER_TEAM, count)

    def text(self, count: int) -> np.ndarray:
        refs = self.rng.integers(0, 10**7, count).astype(str)
        return self.pool[self.rng.integers(0, len(self.pool), count)] + " (ref " + refs + ")"

    def add(self, kind: str, source: str, actor, target, container, item, at, text, attrs) -> None:
        ids = self.ids(len(at))
        prefix = {"jira_issue": "issue", "jira_comment": "comment", "jira_status_change": "status_change"}
        name = prefix.get(kind, kind)
        frame = pd.DataFrame(
            {
                "event_id": [f"{source}:{name}:{i}" for i in ids],
                "source": source,
                "kind": kind,
                "actor": actor,
                "target": target,
                "container": container,
                "item": item,
                "created_at": at,
                "url": [f"https://example.test/{kind}/{i}" for i in ids],
                "text": text,
                "attrs": [json.dumps(a, sort_keys=True) for a in attrs],
            }
        )
        self.frames.append(frame)


def _times(rng: np.random.Generator, count: int) -> np.ndarray:
    seconds = rng.uniform(0, DAYS * 86400, count)
    return np.datetime64(START.replace(tzinfo=None)) + (seconds * 1e6).astype("timedelta64[us]")


def _children(g: Gen, parents: int, mean: float, opened: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    counts = g.rng.poisson(mean, parents)
    parent = np.repeat(np.arange(parents), counts)
    delay = (g.rng.exponential(20 * 3600, len(parent)) * 1e6).astype("timedelta64[us]")
    return parent, opened[parent] + delay


def generate(events: int, seed: int) -> pd.DataFrame:
    g = Gen(seed)
    login = np.array([f"github:user{i:02d}" for i in range(TEAMS * PEOPLE_PER_TEAM)], dtype=object)
    account = np.array([f"jira:acc-{i:02d}" for i in range(TEAMS * PEOPLE_PER_TEAM)], dtype=object)
    scale = events / 915_000  # the mix below yields about 915,000 events at scale 1
    # -- pull requests: ~7.5 events each -------------------------------------------------------------
    n_pr = int(80_000 * scale)
    author = g.people(n_pr)
    team = author // PEOPLE_PER_TEAM
    repo = np.array([f"acme/repo{t}" for t in team], dtype=object)
    item = np.array([f"{r}#{i}" for i, r in enumerate(repo)], dtype=object)
    opened = _times(g.rng, n_pr)
    tooling = g.rng.random(n_pr)
    paths = [["src/a.py", "tests/test_a.py"], [".github/workflows/ci.yml"], ["docs/adr/0007-queue.md"]]
    merged = opened + (g.rng.exponential(40 * 3600, n_pr) * 1e6).astype("timedelta64[us]")
    is_merged = g.rng.random(n_pr) < 0.8
    pr_attrs = [
        {"number": i, "title": f"Change {i}", "state": "MERGED" if m else "OPEN", "draft": False,
         "merged_at": pd.Timestamp(mt, tz="UTC").isoformat() if m else None, "merged_by": None,
         "closed_at": None, "updated_at": None, "labels": [],
         "paths": paths[0 if t < 0.9 else (1 if t < 0.97 else 2)], "additions": 10, "deletions": 3}
        for i, (m, mt, t) in enumerate(zip(is_merged, merged, tooling, strict=True))
    ]  # fmt: skip
    g.add("pull_request", "github", login[author], None, repo, item, opened, g.text(n_pr), pr_attrs)
    for kind, mean in (("review", 1.5), ("review_comment", 3.0), ("comment", 2.0)):
        parent, at = _children(g, n_pr, mean, opened)
        actor = login[g.people(len(parent))].copy()
        if kind == "comment":
            actor[g.rng.random(len(parent)) < 0.2] = "github:acme-ci[bot]"
        states = np.array(["APPROVED", "CHANGES_REQUESTED", "COMMENTED"])[g.rng.integers(0, 3, len(parent))]
        attrs = (
            [{"state": s, "pr_number": int(p)} for s, p in zip(states, parent, strict=True)]
            if kind == "review"
            else [{"path": "src/a.py", "thread_id": f"T{p}", "in_reply_to": None, "review_id": None,
                   "pr_number": int(p)} for p in parent]
            if kind == "review_comment"
            else [{"on": "pull_request", "number": int(p)} for p in parent]
        )  # fmt: skip
        text = g.text(len(parent))
        if kind == "review":
            text[g.rng.random(len(parent)) < 0.6] = None
        g.add(kind, "github", actor, login[author[parent]], repo[parent], item[parent], at, text, attrs)
    # -- GitHub issues: ~3 events each ----------------------------------------------------------------
    n_issue = int(20_000 * scale)
    author = g.people(n_issue)
    repo = np.array([f"acme/repo{t}" for t in author // PEOPLE_PER_TEAM], dtype=object)
    item = np.array([f"{r}#{10**6 + i}" for i, r in enumerate(repo)], dtype=object)
    opened = _times(g.rng, n_issue)
    labels = [["bug"], ["design"], ["security"], []]
    attrs = [{"number": 10**6 + i, "title": f"Issue {i}", "state": "OPEN", "closed_at": None,
              "updated_at": None, "labels": labels[i % 4]} for i in range(n_issue)]  # fmt: skip
    g.add("issue", "github", login[author], None, repo, item, opened, g.text(n_issue), attrs)
    parent, at = _children(g, n_issue, 2.0, opened)
    attrs = [{"on": "issue", "number": 10**6 + int(p)} for p in parent]
    who = login[g.people(len(parent))]
    text = g.text(len(parent))
    g.add("comment", "github", who, login[author[parent]], repo[parent], item[parent], at, text, attrs)
    # -- Jira: ~6 events per issue ---------------------------------------------------------------------
    n_jira = int(45_000 * scale)
    creator, assignee = g.people(n_jira), g.people(n_jira)
    project = np.array([f"P{t}" for t in creator // PEOPLE_PER_TEAM], dtype=object)
    key = np.array([f"{p}-{i}" for i, p in enumerate(project)], dtype=object)
    opened = _times(g.rng, n_jira)
    types = np.array(["Story", "Bug", "Task", "Epic"])[g.rng.choice(4, n_jira, p=[0.5, 0.2, 0.27, 0.03])]
    attrs = [
        {"key": k, "summary": f"Work {i}", "type": t, "status": "Done", "status_category": "done",
         "priority": "Medium", "labels": [], "assignee": account[a], "reporter": account[c], "due": None,
         "parent": None, "epic": None, "resolved_at": None, "updated_at": None, "flagged": False,
         "blocks": [],
         "flag_changes": [{"at": pd.Timestamp(o, tz="UTC").isoformat(), "by": account[c], "set": True}]
         if i % 20 == 0 else [], "assignee_changes": []}
        for i, (k, t, a, c, o) in enumerate(zip(key, types, assignee, creator, opened, strict=True))
    ]  # fmt: skip
    g.add(
        "jira_issue", "jira", account[creator], account[assignee], project, key, opened, g.text(n_jira), attrs
    )
    parent, at = _children(g, n_jira, 2.0, opened)
    g.add("jira_comment", "jira", account[g.people(len(parent))], account[assignee[parent]], project[parent],
          key[parent], at, g.text(len(parent)), [{"key": k} for k in key[parent]])  # fmt: skip
    flows = [
        ("To Do", "In Progress"),
        ("In Progress", "Blocked"),
        ("Blocked", "In Progress"),
        ("In Progress", "Done"),
    ]
    for step, (frm, to) in enumerate(flows):
        chosen = np.flatnonzero(g.rng.random(n_jira) < (0.9 if step in (0, 3) else 0.25))
        at = opened[chosen] + np.timedelta64(int((step + 1) * 20 * 3600), "s")
        attrs = [{"key": k, "from": frm, "to": to} for k in key[chosen]]
        who = account[assignee[chosen]]
        g.add("jira_status_change", "jira", who, who, project[chosen], key[chosen], at, None, attrs)
    # -- retros: a note, items and actions --------------------------------------------------------------
    n_retro = int(2_000 * scale)
    host = g.people(n_retro)
    repo = np.array([f"acme/repo{t}" for t in host // PEOPLE_PER_TEAM], dtype=object)
    item = np.array([f"{r}#{2 * 10**6 + i}" for i, r in enumerate(repo)], dtype=object)
    opened = _times(g.rng, n_retro)
    g.add("retro_note", "github", login[host], None, repo, item, opened, None,
          [{"number": i, "title": "Retro", "state": "OPEN", "closed_at": None, "labels": ["retro"]}
           for i in range(n_retro)])  # fmt: skip
    for kind, mean in (("retro_item", 6.0), ("retro_action", 2.0)):
        parent, _ = _children(g, n_retro, mean, opened)
        owner = login[g.people(len(parent))]
        attrs = [{"retro": f"github:retro_note:{p}", "from": "comment"} if kind == "retro_item" else
                 {"retro": f"github:retro_note:{p}", "from": "body", "owner": o, "done": bool(p % 2)}
                 for p, o in zip(parent, owner, strict=True)]  # fmt: skip
        g.add(kind, "github", login[g.people(len(parent))], login[host[parent]], repo[parent], item[parent],
              opened[parent], g.text(len(parent)), attrs)  # fmt: skip
    frame = pd.concat(g.frames, ignore_index=True)
    return frame.iloc[:events]


def build_store(path: Path, events: int, seed: int) -> None:
    """Write the generated events straight into a fresh store's events table (one transaction)."""
    store = open_store(f"sqlite:///{path}")
    store.dispose()
    frame = generate(events, seed)
    frame["created_at"] = pd.to_datetime(frame["created_at"]).dt.strftime("%Y-%m-%d %H:%M:%S.%f")
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    with sqlite3.connect(path) as conn:
        conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' * frame.shape[1])})", rows)


def _phase(name: str, path: Path, breakdown: bool) -> dict[str, float]:
    """One measured phase in this process: ``cold`` (empty text-class cache), ``warm`` (filled) or
    ``baseline`` (filled, without the opportunities)."""
    config = _config()
    store = open_store(f"sqlite:///{path}")
    if name == "cold":
        with store.engine.begin() as conn:
            conn.execute(sa.delete(schema.text_classes))
    out: dict[str, float] = {}
    started = time.perf_counter()
    events = store.events()
    out["load"] = time.perf_counter() - started
    out["load_peak_gb"] = _peak_gb()
    out["events"] = len(events)
    text_cache = TextClassCache(store)
    started = time.perf_counter()
    # load_metrics() is Store.events() + this; timed apart to compare with the load
    metrics = _compute(events, config, text_cache, until=UNTIL, opportunities=name != "baseline")
    out["compute"] = time.perf_counter() - started
    out["opportunities"] = len(metrics.opportunities)
    out["opportunity_items"] = metrics.opportunities["item"].nunique()
    out["classified"] = text_cache.classified
    out["evidence"], out["footprint"] = len(metrics.evidence), len(metrics.footprint)
    out["peak_gb"] = _peak_gb()
    if name == "warm":
        del metrics
        started = time.perf_counter()
        out["sync_warm_up_classified"] = warm_text_classes(store, config)
        out["sync_warm_up"] = time.perf_counter() - started
        if breakdown:
            _breakdown(events, config, TextClassCache(store, write=False))
    return out


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB


def _run_phase(name: str, path: Path, breakdown: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", name, "--db", str(path)]
    done = subprocess.run(
        [*command, *(["--breakdown"] if breakdown else [])],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    *lines, result = done.stdout.strip().splitlines()
    for line in lines:  # the breakdown
        print(line)
    return json.loads(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached store")
    parser.add_argument("--breakdown", action="store_true", help="also time the stages of a warm compute")
    parser.add_argument(
        "--pairs", type=int, default=3, help="warm runs with and without the opportunities, in turn"
    )
    parser.add_argument("--phase", choices=["cold", "warm", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(_phase(args.phase, args.db, args.breakdown)))
        return 0

    path = Path(tempfile.gettempdir()) / f"footprint-bench-metrics-{args.events}-{args.seed}.db"
    if args.rebuild or not path.exists():
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        build_store(path, args.events, args.seed)
        print(f"built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    open_store(f"sqlite:///{path}").dispose()  # migrate an older cached store first
    cold = _run_phase("cold", path, False)
    # warm and baseline in turn, pair by pair: the machine's speed drifts, a pair's difference less so
    pairs = [
        (_run_phase("warm", path, args.breakdown and n == 0), _run_phase("baseline", path, False))
        for n in range(args.pairs)
    ]
    extras = sorted(w["compute"] - b["compute"] for w, b in pairs)
    memories = sorted(w["peak_gb"] / b["peak_gb"] - 1 for w, b in pairs)
    warm, baseline = sorted(pairs, key=lambda pair: pair[0]["compute"])[len(pairs) // 2]

    print(f"events:           {int(warm['events']):>10,}")
    print(f"evidence rows:    {int(warm['evidence']):>10,}")
    print(f"footprint rows:   {int(warm['footprint']):>10,}")
    print(f"load (Store.events):        {warm['load']:7.2f} s   (cold run: {cold['load']:.2f} s)")
    print(
        f"compute, cold text cache:   {cold['compute']:7.2f} s   "
        f"(classifies {int(cold['classified']):,} texts and stores them)"
    )
    print(
        f"compute, warm text cache:   {warm['compute']:7.2f} s   (target <= 10 s; "
        f"{int(warm['classified']):,} texts classified)"
    )
    print(f"ratio warm compute/load:    {warm['compute'] / warm['load']:7.2f}     (target <= 3)")
    print(f"ratio cold compute/load:    {cold['compute'] / cold['load']:7.2f}")
    print(
        f"peak RSS, warm:             {warm['peak_gb']:7.2f} GB  (target <= 2 GB; "
        f"{warm['load_peak_gb']:.2f} GB after loading)"
    )
    print(f"peak RSS, cold:             {cold['peak_gb']:7.2f} GB")
    print(
        f"sync warm-up, nothing new:  {warm['sync_warm_up']:7.2f} s   "
        f"({int(warm['sync_warm_up_classified'])} texts classified)"
    )
    extra, memory = extras[len(extras) // 2], memories[len(memories) // 2]
    print(
        f"opportunities:              {int(warm['opportunities']):>10,} rows on "
        f"{int(warm['opportunity_items']):,} items (as of {UNTIL:%Y-%m-%d})"
    )
    print(
        f"warm compute without them:  {baseline['compute']:7.2f} s   peak {baseline['peak_gb']:.2f} GB "
        "(a fresh process, the median warm run's pair)"
    )
    print(
        f"opportunities add:          {extra:+7.2f} s   (target <= 2 s; median of {len(extras)} pairs, "
        f"{extras[0]:+.2f} to {extras[-1]:+.2f} s)"
    )
    print(
        f"opportunities add, memory:  {memory:+7.1%}   (target <= 10 %; "
        f"{memories[0]:+.1%} to {memories[-1]:+.1%})"
    )
    return 0


def _breakdown(events: pd.DataFrame, config: Config, text_cache: TextClassCache) -> None:
    from metrics.identities import Identities
    from metrics.prepare import RuleContext, prepare
    from metrics.rules import RULES

    identities = Identities(config)
    started = time.perf_counter()
    ctx = RuleContext(prepare(events, identities), config, identities, text_cache=text_cache)
    print(f"  prepare:          {time.perf_counter() - started:6.2f} s")
    started = time.perf_counter()
    texts = len(ctx.text)
    print(f"  text classes:     {time.perf_counter() - started:6.2f} s ({texts:,} texts, from the cache)")
    for rule in RULES:
        started = time.perf_counter()
        rows = len(rule.select(ctx))
        print(f"  {rule.id:32s} {time.perf_counter() - started:6.2f} s {rows:>9,} rows")
    from metrics.opportunities import OPPORTUNITIES, OpportunityContext

    octx = OpportunityContext.of(ctx, UNTIL)
    for kind in OPPORTUNITIES:
        started = time.perf_counter()
        rows = len(kind.select(octx))
        print(f"  opportunity {kind.id:20s} {time.perf_counter() - started:6.2f} s {rows:>9,} rows")


if __name__ == "__main__":
    raise SystemExit(main())
