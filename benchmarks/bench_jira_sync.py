"""Requests and time of a Jira sync against the loopback fake, in Cloud and Data Center modes.

Data: 300 issues over two projects, 3,000 comments, 2,000 status changes; three issues carry 130
histories and 130 comments each (more than the 100 search embeds). Printed per mode: requests of a full
sync against the floor (connection checks + one search page per 100 issues per project + the retro
query per project + the follow-ups truncation forces), seconds, events written, and the requests of an
unchanged re-sync (the goal: one search per project plus the three connection checks).

Run: ``.venv/bin/python benchmarks/bench_jira_sync.py``
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from collectors.store import open_store
from tests.fakes.jira import FakeJira, build_dataset
from tests.jira.helpers import TOKEN_ENV, USER_ENV, jira_config, sync_once

CONNECTION_CHECKS = 3  # serverInfo, myself, field
PAGE = 100


def floor(fake: FakeJira) -> int:
    """The fewest requests a complete sync can make against this data."""
    searches = 0
    for project in fake.data.projects:
        issues = [i for i in fake.data.issues if i.project == project]
        retros = [i for i in issues if "retro" in i.labels]
        searches += max(math.ceil(len(issues) / PAGE), 1) + max(math.ceil(len(retros) / PAGE), 1)
    follow_ups = 0
    for issue in fake.data.issues:
        if len(issue.histories) > PAGE:  # Cloud: the oldest ones, paged; Data Center: one full GET
            follow_ups += math.ceil((len(issue.histories) - PAGE) / PAGE) if fake.cloud else 1
        if len(issue.comments) > PAGE:
            follow_ups += math.ceil((len(issue.comments) - PAGE) / PAGE)
    return CONNECTION_CHECKS + searches + follow_ups


def run(mode: str, folder: Path) -> dict[str, float]:
    data = build_dataset(
        seed=42,
        issues=300,
        comments=3000,
        status_changes=2000,
        heavy_issues=3,
        heavy_size=130,
        retro_issues=4,
    )
    with FakeJira(data, mode) as fake:
        url = f"sqlite:///{folder / f'{mode}.db'}"
        store = open_store(url)
        config = jira_config(fake, url)
        started = time.perf_counter()
        full = sync_once(config, store)
        seconds = time.perf_counter() - started
        assert full.status == "ok", full.run.problems
        fake.reset_counters()
        again = sync_once(config, store)
        searches = sum(n for path, n in fake.paths.items() if "/search" in path)
        figures = {
            "comments": sum(len(i.comments) for i in data.issues),
            "status_changes": sum(
                1 for i in data.issues for h in i.histories for x in h.items if x["field"] == "status"
            ),
            "requests": full.run.requests,
            "floor": floor(fake),
            "seconds": seconds,
            "events": full.run.events_written,
            "resync_requests": again.run.requests,
            "resync_searches": searches,
            "projects": len(data.projects),
        }
        store.dispose()
        return figures


def main() -> None:
    os.environ.setdefault(USER_ENV, "bot@example.com")
    os.environ.setdefault(TOKEN_ENV, "fake-token")
    with tempfile.TemporaryDirectory() as folder:
        for mode in ("cloud", "dc"):
            f = run(mode, Path(folder))
            print(
                f"jira {mode:5}: 300 issues, {f['comments']} comments, "
                f"{f['status_changes']} status changes -> "
                f"{f['events']} events in {f['seconds']:.2f} s; full sync {f['requests']} requests "
                f"(floor {f['floor']}); unchanged re-sync {f['resync_requests']} requests "
                f"({f['resync_searches']} searches for {f['projects']} projects "
                f"+ {CONNECTION_CHECKS} connection checks)"
            )


if __name__ == "__main__":
    main()
