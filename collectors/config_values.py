"""Checks of single values in ``footprint.toml``, and how a value is shown in an error line.

Each ``check_*`` returns the value (normalised) or raises ``ValueError`` with the message that follows
the key in the error line. No message echoes a value that could be a secret: a variable name that looks
like a token, or a URL that holds credentials, is described, never quoted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator

from .globs import glob_problem
from .tokens import looks_like_token, scrub_tokens

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PERSON_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_ORG = re.compile(r"^[A-Za-z0-9_.-]+$")
#: A GitHub login: letters, digits and single hyphens, not at either end, at most 39 characters.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_PROJECT_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SHOWN_CHARS = 80


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | time):  # datetime too
        return value.isoformat()
    if isinstance(value, dict):
        return "a table" if value else "an empty table"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return repr(value)


def shown(value: Any) -> str:
    """``value`` as a person reads it in an error line: TOML-like, short, and never a token."""
    text = _toml(value)
    if isinstance(value, datetime):
        text += " (a date and time)"
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 3] + "..."
    return scrub_tokens(text)


def check_env_name(value: str | None, *, holds: str = "token") -> str | None:
    """The name of an environment variable; a pasted secret is refused without being repeated."""
    if value is None:
        return None
    if looks_like_token(value) or "@" in value:
        raise ValueError(
            f"names a variable, not the {holds} itself: put the {holds} in an environment variable "
            "and write that variable's name here"
        )
    if not _ENV_NAME.match(value):
        raise ValueError(
            "not an environment variable name (letters, digits and _, not starting with a digit)"
        )
    return value


def check_http_url(url: str) -> str:
    """An ``http(s)://host[:port][/path]`` URL without credentials, its trailing ``/`` removed."""
    if any(char.isspace() or ord(char) < 32 for char in url):
        raise ValueError(f"{url.strip()!r} contains spaces; a URL has none")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{url!r} is not an http(s) URL")
    if "@" in parts.netloc:
        raise ValueError("holds a user or password; credentials come only from the environment")
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ValueError(f"{url!r} has an invalid port") from None
    if not parts.hostname:
        raise ValueError(f"{url!r} has no host")
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r} has a query or fragment; give the base URL only")
    return url.rstrip("/")


def check_store_url(url: str) -> str:
    """A SQLAlchemy database URL; never echoed, since it may hold a password."""
    from sqlalchemy.engine import make_url  # the store's own parser, imported only when checking
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(url)
    except ArgumentError:
        raise ValueError(
            "not a database URL (e.g. sqlite:///footprint.db or postgresql+psycopg://user@host/db)"
        ) from None
    return url


def check_repo(repo: str) -> str:
    if not _REPO.match(repo):
        raise ValueError(f"{repo!r} is not owner/name")
    return repo


def check_org(org: str) -> str:
    if not _ORG.match(org):
        raise ValueError(f"{org!r} is not an organisation login (for one repository use github.repos)")
    return org


def check_login(login: str) -> str:
    if not _LOGIN.match(login):
        raise ValueError(f"{login!r} is not a GitHub login")
    return login


def check_project_key(key: str) -> str:
    if not _PROJECT_KEY.match(key):
        raise ValueError(f"{key!r} is not a Jira project key (letters, digits and _, starting with a letter)")
    return key


def check_person_id(value: str) -> str:
    if not _PERSON_ID.match(value):
        raise ValueError(f"{value!r} may only hold letters, digits, '.', '_' and '-'")
    return value


def check_glob(glob: str) -> str:
    problem = glob_problem(glob)
    if problem is not None:
        raise ValueError(problem)
    return glob


def check_label(label: str) -> str:
    """An issue label as written (compared without case); a blank one is refused."""
    if not label.strip():
        raise ValueError("a blank label; write the label's name")
    return label


# Item types: a problem in a list is reported at its index, e.g. ``behaviours.design_paths[1]``.
Repo = Annotated[str, AfterValidator(check_repo)]
Org = Annotated[str, AfterValidator(check_org)]
Login = Annotated[str, AfterValidator(check_login)]
ProjectKey = Annotated[str, AfterValidator(check_project_key)]
Glob = Annotated[str, AfterValidator(check_glob)]
Label = Annotated[str, AfterValidator(check_label)]
BaseUrl = Annotated[str, AfterValidator(check_http_url)]
