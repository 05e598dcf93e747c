"""A deployment against both loopback fakes (GitHub and Jira): config, env and ``footprint`` runs."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.fakes.github import FakeGitHub
from tests.fakes.jira import FakeJira

FOOTPRINT = Path(sys.executable).with_name("footprint")
GITHUB_TOKEN = "ghp_FOOTPRINTTESTTOKEN1234567890abcdef"
JIRA_TOKEN = "ATATT3xFOOTPRINTJIRATESTTOKEN0987654321"
JIRA_USER = "sync-bot@acme.example"
GITHUB_ENV, JIRA_TOKEN_ENV, JIRA_USER_ENV = "FP_TEST_GITHUB_TOKEN", "FP_TEST_JIRA_TOKEN", "FP_TEST_JIRA_USER"


@dataclass
class Site:
    """A folder with ``footprint.toml`` and its store, synced from ``github`` and ``jira``."""

    folder: Path
    github: FakeGitHub
    jira: FakeJira

    @property
    def store(self) -> Path:
        return self.folder / "footprint.db"

    def write_config(
        self, *, repos: list[str], projects: list[str], api_url: str | None = None, redact: bool = False
    ) -> Path:
        config = self.folder / "footprint.toml"
        listed_repos = ", ".join(f'"{r}"' for r in repos)
        listed_projects = ", ".join(f'"{p}"' for p in projects)
        config.write_text(
            f'[store]\nurl = "sqlite:///{self.store}"\nredact_text = {str(redact).lower()}\n\n'
            f'[github]\napi_url = "{api_url or self.github.api_url()}"\ntoken_env = "{GITHUB_ENV}"\n'
            f'repos = [{listed_repos}]\nretro_label = "retro"\n\n'
            f'[jira]\nurl = "{self.jira.url}"\nuser_env = "{JIRA_USER_ENV}"\ntoken_env = "{JIRA_TOKEN_ENV}"\n'
            f'projects = [{listed_projects}]\nretro_jql = "labels = retro"\n',
            "utf-8",
        )
        return config

    def footprint(
        self, *args: str, github_token: str = GITHUB_TOKEN, jira_token: str = JIRA_TOKEN
    ) -> subprocess.CompletedProcess[str]:
        """Run ``footprint ARGS`` in the folder with the tokens in its environment (never in a file)."""
        env = {
            **os.environ,
            GITHUB_ENV: github_token,
            JIRA_TOKEN_ENV: jira_token,
            JIRA_USER_ENV: JIRA_USER,
            "COLUMNS": "120",
        }
        return subprocess.run(
            [str(FOOTPRINT), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.folder,
            timeout=300,
            check=False,
        )
