"""``[github]`` of ``footprint.toml`` (DESIGN §3)."""

from __future__ import annotations

from datetime import date

from pydantic import Field, StrictInt, field_validator

from ..config import MAX_RATE_LIMIT_WAIT_SECONDS, SourceSection
from ..config_values import Login, Org, Repo, check_http_url


class GithubConfig(SourceSection):
    scope_hint = "repos/orgs"

    api_url: str = "https://api.github.com"
    token_env: str = "GITHUB_TOKEN"
    repos: list[Repo] = Field(default_factory=list)
    orgs: list[Org] = Field(default_factory=list)
    since: date | None = None
    retro_label: str = "retro"
    max_rate_limit_wait_seconds: StrictInt = Field(default=900, ge=0, le=MAX_RATE_LIMIT_WAIT_SECONDS)
    involves: list[Login] = Field(default_factory=list)  # logins: also sync every item they were involved in

    _url = field_validator("api_url")(check_http_url)

    def has_scopes(self) -> bool:
        return bool(self.repos or self.orgs or self.involves)
