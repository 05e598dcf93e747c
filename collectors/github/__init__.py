"""GitHub collector: GraphQL bulk pages through PyGithub's requester, incremental and resumable."""

from .collector import GithubCollector

__all__ = ["GithubCollector"]
