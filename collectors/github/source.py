"""The GitHub source: ``[github]``, the kinds it writes, its collector (see :mod:`collectors.sources`)."""

from __future__ import annotations

from ..normalise.github_attrs import COMMENT, ISSUE, PULL_REQUEST, REVIEW, REVIEW_COMMENT
from ..normalise.retro_attrs import RETRO_ACTION, RETRO_ITEM, RETRO_NOTE
from ..sources import Source, register_source
from .section import GithubConfig

GITHUB = register_source(
    Source(
        name="github",
        section=GithubConfig,
        kinds=(PULL_REQUEST, REVIEW, REVIEW_COMMENT, COMMENT, ISSUE, RETRO_NOTE, RETRO_ITEM, RETRO_ACTION),
        collector="collectors.github.collector:GithubCollector",
    )
)
