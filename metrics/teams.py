"""Which team owns each repository and Jira project (``[[teams]] repos`` and ``jira_projects``).

One reading everywhere (the cross-team rules, the Team page, the report): names compare without
regard to case, as GitHub repository names and Jira project keys do, and a repository or project that
several teams list belongs to the first of them in the file.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from collectors.config import TeamConfig


class ContainerOwners:
    """The owning team of each repository (``owner/name``) or Jira project key."""

    def __init__(self, teams: Iterable[TeamConfig]) -> None:
        self._owners: dict[str, str] = {}
        for team in teams:
            for container in (*team.repos, *team.jira_projects):
                self._owners.setdefault(container.lower(), team.name)

    def team_of(self, container: str | None) -> str | None:
        """The team owning ``container``, or None when no team lists it."""
        return self._owners.get(container.lower()) if container else None

    def teams_of(self, containers: pd.Series) -> pd.Series:
        """The owning team of each container (None where no team owns it), looked up once per distinct
        container; same index."""
        codes, uniques = pd.factorize(containers)
        owners = np.array([self.team_of(str(value)) for value in uniques] + [None], dtype=object)
        return pd.Series(owners[codes], index=containers.index, dtype=object)
