"""`footprint.toml` (DESIGN §3, a stable interface): the model, the loader and its one-line errors.

Every problem in a file is reported at once, one line per problem naming the key, before anything runs:
:func:`load_config` raises :class:`ConfigError` whose ``problems`` the CLI prints and exits 2 on. Secrets
are never in the file; it names the environment variables that hold them, checked by
:meth:`Config.require_token` only for a source that is about to be used.

The sections of the sources (``[github]``, ``[jira]``) are declared by the sources themselves, each a
:class:`SourceSection` model in its package (:mod:`collectors.sources`); this module validates every
registered one under its name and knows none of them.
"""

from __future__ import annotations

import os
import tomllib
from abc import abstractmethod
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
)

from .config_values import (
    Glob,
    Label,
    ProjectKey,
    Repo,
    check_env_name,
    check_person_id,
    check_store_url,
    shown,
)
from .sources import registered_sources
from .tokens import scrub_tokens

DEFAULT_PATH = "footprint.toml"
CONFIG_ENV = "FOOTPRINT_CONFIG"
#: Bounds that keep numbers meaningful (and within what pandas and timedelta hold).
MAX_LEVEL = 1000
MAX_RATE_LIMIT_WAIT_SECONDS = 86_400
MAX_WAIT_HOURS, MAX_WINDOW_DAYS = 24 * 365, 365
#: Bounds of the opportunity counts: one issue or one comment is not a pattern.
MIN_REPEATS, MAX_REPEATS = 2, 1000
#: GitHub's default label set: they say what kind of issue it is, not which problem recurs.
GITHUB_DEFAULT_LABELS: tuple[str, ...] = (
    "bug",
    "enhancement",
    "documentation",
    "duplicate",
    "good first issue",
    "help wanted",
    "invalid",
    "question",
    "wontfix",
    "dependencies",
)


class ConfigError(Exception):
    """A configuration that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        problems = [scrub_tokens(problem) for problem in problems]  # no line ever carries a token
        super().__init__("\n".join(problems))
        self.problems = problems


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreConfig(_Section):
    url: str = "sqlite:///footprint.db"
    redact_text: StrictBool = False  # a privacy switch: true or false, never "yes" or 1

    _url = field_validator("url")(check_store_url)


class SourceSection(_Section):
    """The section of one source (``[<name>]``), declared in the source's package.

    ``token_env`` names the variable of its token; :meth:`has_scopes` says whether the section names
    anything to sync; ``scope_hint`` says what that is, for messages.
    """

    scope_hint: ClassVar[str] = "what to sync"
    token_env: str

    _token_env = field_validator("token_env")(check_env_name)

    @abstractmethod
    def has_scopes(self) -> bool:
        """Whether the section names something to sync (repositories, projects, ...)."""

    def secret_keys(self) -> tuple[str, ...]:
        """The keys that name the environment variables a sync of this source needs."""
        return ("token_env",)

    @classmethod
    def raw_problems(cls, name: str, raw: dict[str, Any]) -> list[str]:
        """Problems between keys of the raw ``[name]`` table, reported with the type errors."""
        return []


class TeamConfig(_Section):
    name: str = Field(min_length=1)
    repos: list[Repo] = Field(default_factory=list)
    jira_projects: list[ProjectKey] = Field(default_factory=list)


class PersonConfig(_Section):
    id: str
    name: str | None = None
    team: str | None = None
    level: StrictInt | None = Field(default=None, ge=0, le=MAX_LEVEL)
    github: list[str] = Field(default_factory=list)
    jira: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)

    _id = field_validator("id")(check_person_id)

    @property
    def display_name(self) -> str:
        return self.name or self.id


class BehavioursConfig(_Section):
    unblock_wait_hours: float = Field(default=24, gt=0, le=MAX_WAIT_HOURS, allow_inf_nan=False, strict=True)
    unblock_window_days: float = Field(default=3, gt=0, le=MAX_WINDOW_DAYS, allow_inf_nan=False, strict=True)
    blocked_statuses: list[str] = Field(default_factory=lambda: ["Blocked", "On Hold"])
    design_paths: list[Glob] = Field(
        default_factory=lambda: ["docs/adr/**", "adr/**", "rfcs/**", "docs/design/**"]
    )
    tooling_paths: list[Glob] = Field(
        default_factory=lambda: [".github/**", "Makefile", "CONTRIBUTING.md", "scripts/**", "docs/**"]
    )
    bots: list[str] = Field(default_factory=lambda: ["dependabot[bot]", "renovate[bot]"])
    # Opportunities (metrics/opportunities/): how many issues make a recurring problem, how many pull
    # requests make repeated feedback, and the labels that never name a recurring problem.
    recurring_problem_issues: int = Field(default=3, ge=MIN_REPEATS, le=MAX_REPEATS, strict=True)
    repeated_feedback_prs: int = Field(default=3, ge=MIN_REPEATS, le=MAX_REPEATS, strict=True)
    generic_labels: list[Label] = Field(default_factory=lambda: list(GITHUB_DEFAULT_LABELS))


class AccessConfig(_Section):
    mode: Literal["open", "oidc"] = "open"
    managers: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class SnapshotsConfig(_Section):
    dir: str | None = None  # where scheduled snapshots are kept; relative to the config file's folder


class Config(_Section):
    """The whole file. Cross-references between sections: :func:`cross_reference_problems`; the
    sources' sections: :meth:`section`."""

    store: StoreConfig = Field(default_factory=StoreConfig)
    teams: list[TeamConfig] = Field(default_factory=list)
    people: list[PersonConfig] = Field(default_factory=list)
    behaviours: BehavioursConfig = Field(default_factory=BehavioursConfig)
    access: AccessConfig = Field(default_factory=AccessConfig)
    snapshots: SnapshotsConfig = Field(default_factory=SnapshotsConfig)
    path: Path | None = Field(default=None, exclude=True)
    _sections: dict[str, SourceSection] = PrivateAttr(default_factory=dict)

    # -- helpers used across the program ---------------------------------------------------------

    def store_url(self) -> str:
        """``store.url`` with a relative SQLite path taken relative to the config file's folder."""
        url = self.store.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and self.path is not None:
            rest = url[len(prefix) :]
            if rest and not rest.startswith("/") and not rest.startswith(":memory:"):
                return prefix + str((self.path.parent / rest).resolve())
        return url

    def section(self, source: str) -> SourceSection | None:
        """The validated section of ``source`` (its package's :class:`SourceSection` model), or None
        when the file has none."""
        return self._sections.get(source)

    def source_names(self) -> list[str]:
        """Sources with something to sync, in registry order."""
        return [
            source.name
            for source in registered_sources()
            if source.name in self._sections and self._sections[source.name].has_scopes()
        ]

    def secret(self, name: str) -> str | None:
        """A secret by name: the environment first, then Streamlit's ``.streamlit/secrets.toml``.

        The secrets file is looked for in the working directory and beside the config file, as
        Streamlit itself does for the app; a top-level key of the same name as the variable counts.
        """
        value = os.environ.get(name, "").strip()
        if value:
            return value
        folders = [Path.cwd()] + ([self.path.parent] if self.path is not None else [])
        for folder in folders:
            secrets = folder / ".streamlit" / "secrets.toml"
            try:
                found = tomllib.loads(secrets.read_text("utf-8")).get(name)
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if isinstance(found, str) and found.strip():
                return found.strip()
        return None

    def require_secret(self, source: str, key: str) -> str | None:
        """The secret in the variable that ``[source] key`` names (None when the key is unset);
        :class:`ConfigError` naming the key when that variable is nowhere to be found."""
        section = self._sections.get(source)
        env = getattr(section, key) if section is not None else None
        if env is None and key == "token_env":
            env = f"{source.upper()}_TOKEN"
        if env is None:
            return None
        value = self.secret(env)
        if not value:
            raise ConfigError([f"{source}.{key}: environment variable {env} is not set"])
        return value

    def require_token(self, source: str) -> str:
        """The token of ``source``; :class:`ConfigError` naming the key if it is nowhere to be found."""
        token = self.require_secret(source, "token_env")
        assert token is not None  # a token variable always has a name
        return token

    def require_secrets(self, source: str) -> None:
        """Check that every secret a sync of ``source`` needs is there (token first)."""
        section = self._sections.get(source)
        for key in section.secret_keys() if section is not None else ("token_env",):
            self.require_secret(source, key)


#: Top-level keys of the file that are not sources' sections: no source may take their names.
RESERVED_SECTIONS: frozenset[str] = frozenset(Config.model_fields)


def _list_of_tables(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _duplicates(section: str, key: str, values: list[Any]) -> list[str]:
    seen: set[Any] = set()
    problems = []
    for index, value in enumerate(values):
        if not isinstance(value, str):  # a missing or mistyped value is reported by the model
            continue
        if value in seen:
            problems.append(f"{section}[{index}].{key}: duplicate {key} {value!r}")
        seen.add(value)
    return problems


def cross_reference_problems(data: dict[str, Any]) -> list[str]:
    """Problems between sections (teams, people, accounts, access), read from the raw document.

    Checked on the raw TOML so they are reported together with type errors, not after them.
    """
    teams, people = _list_of_tables(data, "teams"), _list_of_tables(data, "people")
    team_names = [team.get("name") for team in teams]
    problems = _duplicates("teams", "name", team_names)
    person_ids = [person.get("id") for person in people]
    problems += _duplicates("people", "id", person_ids)
    for index, person in enumerate(people):
        team = person.get("team")
        if isinstance(team, str) and team not in team_names:
            problems.append(f"people[{index}].team: unknown team {team!r}")
    for field in ("github", "jira", "emails"):
        owner: dict[str, Any] = {}
        for index, person in enumerate(people):
            for account in _strings(person.get(field)):
                key = account if field == "jira" else account.lower()
                if key in owner and owner[key] != person.get("id"):
                    problems.append(
                        f"people[{index}].{field}: {account!r} is already an account of {owner[key]!r}"
                    )
                owner.setdefault(key, person.get("id"))
    access = data.get("access") if isinstance(data.get("access"), dict) else {}
    for key in ("managers", "exclude"):
        for person_id in _strings(access.get(key)):
            if person_id not in person_ids:
                problems.append(f"access.{key}: unknown person id {person_id!r}")
    return problems


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _format(error: Any, within: tuple[str, ...] = ()) -> list[str]:
    loc = _location((*within, *error["loc"]))
    kind = error["type"]
    if kind == "extra_forbidden":
        return [f"{loc}: unknown key"]
    if kind == "value_error":
        message = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
        if loc == "(top level)":  # cross-reference problems already name their keys
            return message.splitlines()
        return [f"{loc}: {line}" for line in message.splitlines()]
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return [f"{loc}: expected a table (got {shown(error.get('input'))})"]
    if kind.startswith("date_"):
        return [f"{loc}: not a date (expected YYYY-MM-DD): {shown(error.get('input'))}"]
    message = error["msg"]
    return [f"{loc}: {message[:1].lower()}{message[1:]} (got {shown(error.get('input'))})"]


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Validate a parsed TOML document; :class:`ConfigError` lists every problem."""
    problems: list[str] = []
    config: Config | None = None
    rest = dict(data)
    sections: dict[str, SourceSection] = {}
    for source in registered_sources():
        if source.name not in rest:
            continue
        raw = rest.pop(source.name)
        try:
            sections[source.name] = source.section.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                problems += _format(error, within=(source.name,))
        if isinstance(raw, dict):
            problems += source.section.raw_problems(source.name, raw)
    try:
        config = Config.model_validate(rest)
    except ValidationError as exc:
        for error in exc.errors():
            problems += _format(error)
    problems += cross_reference_problems(data)
    if problems or config is None:
        prefix = f"{path}: " if path else ""
        raise ConfigError([prefix + problem for problem in problems])
    config = config.model_copy(update={"path": path})
    config._sections.update(sections)
    return config


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the config is: ``--config``, else ``$FOOTPRINT_CONFIG``, else ``./footprint.toml``."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_PATH)


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Read and validate the config file; every failure is a :class:`ConfigError`.

    The file is UTF-8, with or without a byte-order mark. A file with no settings at all is refused:
    it would sync nothing and export empty files without a word.
    """
    path = config_path(explicit)
    return config_from_bytes(read_config_bytes(path), path)


def read_config_bytes(path: Path) -> bytes:
    """The config file's bytes; :class:`ConfigError` when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError([f"{path}: config file not found (pass --config or set {CONFIG_ENV})"]) from None
    except IsADirectoryError:
        raise ConfigError([f"{path}: is a folder, not a config file"]) from None
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read config file: {exc.strerror or exc}"]) from None


def config_from_bytes(raw: bytes, path: Path) -> Config:
    """The config in ``raw``, the bytes of the file at ``path``, validated (:func:`load_config`)."""
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError([f"{path}: not UTF-8 text (byte {exc.start + 1} cannot be read)"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: invalid TOML: {exc}"]) from None
    if not data:
        raise ConfigError(
            [f"{path}: the config file is empty; it needs at least the sources and people to look at"]
        )
    return parse_config(data, path.resolve())
