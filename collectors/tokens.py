"""Recognising credentials, so that no message ever prints one.

Tokens live only in the environment; the config names the variables that hold them. A token pasted
where a name belongs (``token_env = "ghp_..."``) must be refused without echoing it, and no error line
may carry one. These heuristics cover the tokens people paste: GitHub (``ghp_``, ``gho_``, ``ghu_``,
``ghs_``, ``ghr_``, ``github_pat_``), GitLab (``glpat-``), Jira Cloud API tokens (``ATATT``), Slack
(``xox?-``), and long hexadecimal or base64-like strings (classic 40-hex tokens, Data Center personal
access tokens, older 24-character Jira Cloud tokens). Environment variable names do not look like that:
they are upper case (or lower case) words joined by ``_``.
"""

from __future__ import annotations

import re

_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "ATATT", "xoxb-", "xoxp-")
_HEX = re.compile(r"[0-9a-fA-F]{32,}")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_+=-]{20,}")
_MIXED = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"))
_TOKEN_RUN = re.compile(r"[A-Za-z0-9_+=-]{12,}")
REDACTED = "[redacted]"


def looks_like_token(value: str) -> bool:
    """Whether ``value`` is shaped like a credential rather than a name."""
    text = value.strip()
    if len(text) >= 12 and text.startswith(_PREFIXES):
        return True
    if _HEX.fullmatch(text):
        return True
    return bool(_TOKEN_CHARS.fullmatch(text)) and all(part.search(text) for part in _MIXED)


def scrub_tokens(text: str) -> str:
    """``text`` with every run of characters that looks like a token replaced by ``[redacted]``."""
    return _TOKEN_RUN.sub(lambda match: REDACTED if looks_like_token(match[0]) else match[0], text)
