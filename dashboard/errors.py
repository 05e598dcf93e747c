"""The error of a command used wrongly, as opposed to a configuration that is wrong."""

from __future__ import annotations

from collectors.tokens import scrub_tokens


class UsageError(Exception):
    """A bad option value, output path or input line; ``line`` says which and why, in one line.

    The CLI prints it and exits 2 (DESIGN §4), as it does for a
    :class:`~collectors.config.ConfigError`, which is reserved for ``footprint.toml`` itself.
    """

    def __init__(self, line: str) -> None:
        self.line = scrub_tokens(" ".join(line.split()))  # one line, and never a token
        super().__init__(self.line)
