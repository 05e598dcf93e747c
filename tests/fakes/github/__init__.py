"""A GitHub fake served on loopback over real HTTP (REST v3 + GraphQL on GitHub's real schema).

``FakeGitHub(build_world({...})).start()`` serves a seeded world; point ``[github] api_url`` at
``fake.api_url()`` (or ``api_url(ghes=True)`` for GitHub Enterprise Server paths).
"""

from .builder import RepoSpec, build_repo, build_world
from .faults import Fault
from .server import FakeGitHub
from .world import World, bot, user

__all__ = ["FakeGitHub", "Fault", "RepoSpec", "World", "bot", "build_repo", "build_world", "user"]
