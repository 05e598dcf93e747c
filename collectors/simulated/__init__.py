"""The embedded demo, simulated: not a collector, but an imitation of the GitHub and Jira collectors.

It invents a deterministic, fictional organisation and six months of its engineering signals: three
teams, fifteen people, their repositories and Jira projects, bots and a few unmapped identities,
generated as GitHub GraphQL and Jira REST payloads and turned into events by :mod:`collectors.normalise`
exactly like a real sync, then written straight into a store. No network, no token.

* :data:`DEMO_ANCHOR`: the window is the six full months before it.
* :func:`demo_config_text`: the bundled ``footprint.toml`` of the organisation.
* :func:`demo_events`: every event, stable order, same seed -> same events.
* :func:`build_demo`: writes the config and a SQLite store into a folder, atomically and idempotently.
"""

from .build import build_demo, demo_config_text, demo_events
from .clock import DEMO_ANCHOR

__all__ = ["DEMO_ANCHOR", "build_demo", "demo_config_text", "demo_events"]
