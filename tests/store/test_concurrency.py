"""A dashboard process reads while a sync process writes (two real OS processes)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from collectors.store import open_store

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from collectors.events import Event
    from collectors.store import open_store

    store = open_store(sys.argv[1])
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    for batch in range(int(sys.argv[2])):
        events = [
            Event(f"github:comment:{batch}-{n}", "github", "comment", "github:ada", None, "acme/web",
                  "acme/web#1", t0 + timedelta(minutes=n), "u", "x" * 200, {"number": batch})
            for n in range(500)
        ]
        store.write(events, source="github", scope="acme/web", state={"batch": batch})
    print("done", flush=True)
    """
)


def test_reader_sees_whole_batches_while_a_writer_writes(store_url: str) -> None:
    open_store(store_url).dispose()  # schema in place before both start
    batches = 40
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, store_url, str(batches)], stdout=subprocess.PIPE, text=True
    )
    reader = open_store(store_url)
    seen: list[int] = []
    deadline = time.monotonic() + 120
    try:
        while writer.poll() is None and time.monotonic() < deadline:
            state = reader.get_state("github", "acme/web")  # before the count: both only grow
            count = reader.count_events()
            assert count % 500 == 0, f"a reader saw half a batch: {count} events"
            if state is not None:
                assert count >= (state["batch"] + 1) * 500
            seen.append(count)
            time.sleep(0.01)
        out, _ = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0 and out.strip() == "done"
    assert reader.count_events() == batches * 500
    assert len(seen) >= 3, "the reader never got to read while the writer was writing"
    assert any(0 < count < batches * 500 for count in seen), "no read happened mid-sync"
    reader.dispose()
