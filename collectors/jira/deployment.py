"""Which Jira we talk to, decided from ``serverInfo.deploymentType`` (never from the URL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Deployment:
    """``cloud`` selects the enhanced search (``/search/jql``) and the paged changelog endpoint."""

    cloud: bool
    deployment_type: str
    version: tuple[int, ...]


def detect_deployment(server_info: Any) -> Deployment:
    """Read ``serverInfo``; ValueError if it is not a Jira server's answer."""
    if not isinstance(server_info, dict) or (
        "deploymentType" not in server_info and "version" not in server_info
    ):
        raise ValueError("the server's /rest/api/2/serverInfo is not a Jira answer")
    deployment_type = str(server_info.get("deploymentType") or "Server")
    numbers = server_info.get("versionNumbers") or []
    version = tuple(int(n) for n in numbers if isinstance(n, int))
    return Deployment(cloud=deployment_type == "Cloud", deployment_type=deployment_type, version=version)
