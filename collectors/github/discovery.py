"""Which repositories a sync covers: the configured ``repos`` plus every repository of ``orgs``."""

from __future__ import annotations

from ..base import SyncRun
from ..config import GithubConfig
from .errors import RepoFailed
from .transport import Transport


def repositories(config: GithubConfig, transport: Transport, run: SyncRun) -> list[str]:
    """``owner/name`` of every repository to sync, each once (case-insensitive), in a stable order.

    An organisation that cannot be listed is reported as a problem of scope ``org:<name>``; the
    configured repositories and the other organisations are still synced.
    """
    found: dict[str, str] = {}
    for repo in config.repos:
        found.setdefault(repo.lower(), repo)
    for org in config.orgs:
        try:
            names = transport.org_repos(org)
        except RepoFailed as exc:
            run.problem(f"org:{org}", exc.kind, str(exc).removeprefix(f"org {org}: "))
            continue
        for repo in names:
            found.setdefault(repo.lower(), repo)
    return [found[key] for key in sorted(found)]
