"""The prepared events every rule reads: identities resolved, bots flagged, attrs and texts decoded lazily.

:func:`prepare` resolves ``actor``/``target`` to people once per distinct identity and adds the columns
rules need. :class:`RuleContext` hands rules the rows of a kind (as positions into ``events``), their
``attrs`` decoded with the kind's struct, and the text classes of comments and issues, each computed at
most once per ``compute`` and only for the kinds and fields some rule asks for: decoding JSON builds
Python objects, so it is paid per field asked for, not for every key of every event.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from collectors.config import Config
from collectors.events import GHOST
from collectors.sources import kind_named

from .identities import Identities
from .kinds import ISSUE_TITLE_FIELDS, RESPONSE_KINDS, TEXT_KINDS
from .teams import ContainerOwners
from .textclass import CUES, classify_texts

#: Text columns: Arrow-backed strings, missing = NaN (as the store returns them).
STR = pd.StringDtype("pyarrow", na_value=np.nan)
#: Texts classified in one thread at least; below this, one thread does it all.
_CHUNK = 20_000


def prepare(events: pd.DataFrame, identities: Identities) -> pd.DataFrame:
    """``events`` with a RangeIndex and: ``actor_person, actor_team, target_person, target_team`` (person
    id where mapped else the raw identity; team or None), ``is_bot``, and for rules ``actor_level,
    target_level`` (float, NaN unknown), ``human`` (the actor is a person, mapped or not: not a bot, not a
    deleted account) and ``own`` (actor and target are the same person)."""
    frame = events.reset_index(drop=True)
    frame["actor_person"] = identities.resolve(frame["actor"])
    frame["actor_team"] = identities.teams(frame["actor_person"])
    frame["target_person"] = identities.resolve(frame["target"])
    frame["target_team"] = identities.teams(frame["target_person"])
    frame["is_bot"] = identities.bots(frame["actor"])
    frame["target_is_bot"] = identities.bots(frame["target"])
    frame["actor_level"] = identities.levels(frame["actor_person"])
    frame["target_level"] = identities.levels(frame["target_person"])
    frame["human"] = ~frame["is_bot"].to_numpy() & frame["actor"].notna().to_numpy()
    frame["human"] &= (frame["actor"] != GHOST).fillna(False).to_numpy(dtype=bool)
    same = frame["actor_person"] == frame["target_person"]
    frame["own"] = same.fillna(False).to_numpy(dtype=bool) & frame["target_person"].notna().to_numpy()
    return frame


def classify_distinct(texts: pd.Series, *, quote_words: bool = True) -> pd.DataFrame:
    """:func:`classify_texts` over each distinct text once, in up to two threads (the regex passes run
    in Arrow without the GIL). Same index as ``texts``; ``quote_words``: see :func:`classify_texts`."""
    codes, uniques = pd.factorize(texts.fillna(""))
    distinct = pd.Series(uniques, dtype=object)
    workers = max(1, min(2, os.cpu_count() or 1, len(distinct) // _CHUNK))
    if workers == 1:
        classes = classify_texts(distinct, quote_words=quote_words)
    else:
        parts = np.array_split(np.arange(len(distinct)), workers)
        with ThreadPoolExecutor(workers) as pool:
            chunks = pool.map(lambda idx: classify_texts(distinct.iloc[idx], quote_words=quote_words), parts)
            classes = pd.concat(list(chunks))
    out = classes.iloc[codes]
    out.index = texts.index
    return out


def arrow_strings(values: pd.Series) -> pa.Array:
    """``values`` as one contiguous Arrow ``large_string`` array, missing values null. Arrow-backed
    columns are handed over as they are (no value-by-value conversion); chunks are joined, because
    takes and lookups on a chunked array are several times slower."""
    source = values.array if isinstance(values.dtype, pd.StringDtype) else values.to_numpy(dtype=object)
    arrow = pa.array(source, type=pa.large_string(), from_pandas=True)
    return arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow


def is_in(values: pd.Series, candidates: pd.Series) -> np.ndarray:
    """``values.isin(candidates)`` of two text columns, as a bool array, computed in Arrow: pandas'
    ``isin`` on Arrow-backed strings goes through Python objects (0.2 s for 3,000 values against 30,000
    candidates, against 4 ms here)."""
    found = pc.is_in(arrow_strings(values), value_set=pc.unique(arrow_strings(candidates)))
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def _sorted_non_blank(parts: list[pd.Series]) -> pd.Series:
    """The string series ``parts`` as one, ordered by index, blank strings left out. Done in Arrow on
    one contiguous array: sorting a concatenation (a chunked array) by index is several times slower."""
    index = np.concatenate([part.index.to_numpy() for part in parts])
    values = pa.concat_arrays([pa.array([], type=pa.large_string()), *map(arrow_strings, parts)])
    keep = pc.not_equal(pc.utf8_trim_whitespace(values), "").to_numpy(zero_copy_only=False)
    order = np.flatnonzero(keep)[np.argsort(index[keep], kind="stable")]
    taken = values.take(pa.array(order))
    return pd.Series(pd.array(taken, dtype=STR), index=pd.Index(index[order]))


class TextClassifier(Protocol):
    """Where :attr:`RuleContext.text` gets its classes when not classifying everything itself (a cache)."""

    def classify(self, texts: pd.Series, event_ids: pd.Series) -> pd.DataFrame:
        """What :func:`classify_distinct` returns for ``texts``; ``event_ids`` aligned with them."""
        ...

    def redacted(self, event_ids: pd.Series) -> pd.DataFrame:
        """The classes kept for events whose text was redacted (``redact_text``), same form."""
        ...


@dataclass
class RuleContext:
    """What a rule's ``select`` sees: the prepared ``events`` (RangeIndex), the config and identity map;
    ``text_cache``, when given, supplies the text classes (see :mod:`metrics.textcache`); ``facts``
    the cross-item facts of the whole store."""

    events: pd.DataFrame
    config: Config
    identities: Identities
    text_cache: TextClassifier | None = None
    #: Cross-item facts computed over all events (:func:`~metrics.rules.base.cross_item_fact`), when
    #: these events are only some items of the store; absent facts are computed from ``events``.
    facts: dict[str, Any] = field(default_factory=dict)
    _attrs: dict[str, pd.DataFrame] = field(default_factory=dict)
    _once: dict[Callable[..., Any], Any] = field(default_factory=dict)

    def once(self, compute: Callable[[RuleContext], Any]) -> Any:
        """``compute(self)``, computed once per context: a measure several rules and the evidence
        strength read (:mod:`metrics.measures`) is computed one time and is the same for all of them."""
        if compute not in self._once:
            self._once[compute] = compute(self)
        return self._once[compute]

    @cached_property
    def _positions(self) -> dict[str, np.ndarray]:
        return {str(kind): rows for kind, rows in self.events.groupby("kind", observed=True).indices.items()}

    def rows(self, *kinds: str) -> np.ndarray:
        """Positions of the events of these kinds, ascending."""
        found = [self._positions.get(kind, np.zeros(0, dtype=np.int64)) for kind in kinds]
        return np.sort(np.concatenate(found)) if len(found) > 1 else found[0]

    def of(self, *kinds: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The prepared events of these kinds (index = positions into ``events``)."""
        rows = self.rows(*kinds)
        frame = self.events.iloc[rows] if columns is None else self.events[columns].iloc[rows]
        return frame

    def attrs(self, kind: str, columns: list[str]) -> pd.DataFrame:
        """Decoded ``attrs`` of the events of ``kind``, exactly ``columns`` (fields of the kind's struct,
        :mod:`collectors.kinds`; missing keys are NaN/None). Each field of a kind is decoded once per
        compute, and only the fields some rule asks for."""
        parsed = self._attrs.setdefault(kind, pd.DataFrame(index=self.rows(kind)))
        new = [column for column in dict.fromkeys(columns) if column not in parsed]
        if new:
            rows = parsed.index.to_numpy()
            more = kind_named(kind).decode(self.events["attrs"].take(rows).set_axis(rows), new)
            parsed = self._attrs[kind] = pd.concat([parsed, more], axis=1)
        return parsed[columns]

    @cached_property
    def texts(self) -> pd.Series:
        """The texts rules classify: human comments (``RESPONSE_KINDS``) and issues (title, newline, body);
        index = positions, ascending; blank texts left out."""
        comments = self.of(*RESPONSE_KINDS, columns=["text", "human"])
        parts = [comments.loc[comments["human"], "text"].fillna("").astype(str)]
        for kind, title in ISSUE_TITLE_FIELDS.items():
            opened = self.of(kind, columns=["text", "human"])
            titles = self.attrs(kind, [title])[title].fillna("").astype(str)
            body = titles + "\n" + opened["text"].fillna("").astype(str)
            parts.append(body[opened["human"]])
        return _sorted_non_blank(parts)

    @cached_property
    def text(self) -> pd.DataFrame:
        """Text classes of :attr:`texts`: ``label, reason``, one bool column per cue and ``feedback``
        (the kind of maintainability feedback, or None); same index.
        With a ``text_cache``, also the classes kept for human texts that were redacted when stored."""
        if self.texts.empty:
            empty = pd.DataFrame({"label": pd.Series(dtype=str), "reason": pd.Series(dtype=str)})
            classes = empty.assign(
                **{cue: pd.Series(dtype=bool) for cue in CUES}, feedback=pd.Series(dtype=object)
            )
        elif self.text_cache is None:
            return classify_distinct(self.texts)
        else:
            classes = self.text_cache.classify(self.texts, self.events["event_id"].take(self.texts.index))
        if self.text_cache is None:
            return classes
        rows = self.rows(*TEXT_KINDS)
        blank = self.events["text"].isna().to_numpy() & self.events["human"].to_numpy(dtype=bool)
        redacted = rows[blank[rows]]
        if len(redacted):
            kept = self.text_cache.redacted(self.events["event_id"].take(redacted))
            classes = pd.concat([classes.drop(kept.index, errors="ignore"), kept]).sort_index()
        return classes

    @cached_property
    def owners(self) -> ContainerOwners:
        """The team owning each repository or Jira project (:mod:`metrics.teams`)."""
        return ContainerOwners(self.config.teams)
