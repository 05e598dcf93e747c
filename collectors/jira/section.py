"""``[jira]`` of ``footprint.toml`` (DESIGN §3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field, StrictInt, field_validator

from ..config import MAX_RATE_LIMIT_WAIT_SECONDS, SourceSection
from ..config_values import BaseUrl, ProjectKey, check_env_name


class JiraConfig(SourceSection):
    scope_hint = "url and projects"

    url: BaseUrl | None = None
    user_env: str | None = None  # Cloud: the account email, for basic auth with an API token
    token_env: str = "JIRA_TOKEN"
    projects: list[ProjectKey] = Field(default_factory=list)
    retro_jql: str | None = None
    since: date | None = None
    max_rate_limit_wait_seconds: StrictInt = Field(default=900, ge=0, le=MAX_RATE_LIMIT_WAIT_SECONDS)

    @field_validator("user_env")
    @classmethod
    def _user_env(cls, value: str | None) -> str | None:
        return check_env_name(value, holds="user")

    def has_scopes(self) -> bool:
        return bool(self.url and self.projects)

    def secret_keys(self) -> tuple[str, ...]:
        return ("token_env", "user_env")

    @classmethod
    def raw_problems(cls, name: str, raw: dict[str, Any]) -> list[str]:
        if raw.get("projects") and not raw.get("url"):
            return [f"{name}.url: required when {name}.projects is set"]
        return []
