"""A Jira REST fake on loopback, in Cloud and Data Center modes, for tests and benchmarks."""

from .data import JiraData, build_dataset
from .server import FakeJira

__all__ = ["FakeJira", "JiraData", "build_dataset"]
