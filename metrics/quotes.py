"""What a reader needs to judge a piece of evidence without clicking: the comment itself and the title.

:func:`quoted` adds to chosen evidence rows the act's own words (an excerpt of at most
:data:`EXCERPT_CHARS` characters, cut at a word, with an ellipsis) and the item's title. Only the words
of the person credited are quoted, and only from comments, reviews and issues; with ``redact_text``
nothing is (the store holds no text: views show the text class and the link).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from collectors.sources import kind_named

from .kinds import TEXT_KINDS
from .prepare import RuleContext, is_in

EXCERPT_CHARS = 240
#: Kinds whose text is the actor's own words: comments, reviews, issues and points raised in retros.
QUOTED_KINDS = (*TEXT_KINDS, "retro_item")
#: Text classes of feedback worth quoting in place of a review's bare body.
SUBSTANTIVE = ("defect", "design", "maintainability", "question")
#: Kinds whose events open an item, and the attrs field of its title.
TITLE_FIELDS = {"pull_request": "title", "issue": "title", "jira_issue": "summary", "retro_note": "title"}
ITEM_COLUMNS = ("item", "kind", "title", "url", "opened_at")
_SPACE = re.compile(r"\s+")
#: Code blocks (fenced, with their info string: ``suggestion``, ``python``; Jira ``{code}``/``{noformat}``)
#: and HTML comments.
_BLOCKS = re.compile(
    r"```([^\n`]*)(.*?)(?:```|$)|\{(code|noformat)[^}]*\}(.*?)(?:\{\3\}|$)|<!--.*?(?:-->|$)", re.DOTALL
)
#: How much of a code block's first line a quote shows.
CODE_LINE_CHARS = 60
#: Headings (Markdown ``## Context``, Jira ``h3. Context``): shown as "Context:".
_HEADING = re.compile(r"(^|\n)[ \t]*#{1,6}[ \t]+([^\n]*)")
_JIRA_HEADING = re.compile(r"(^|\n)[ \t]*h[1-6]\.[ \t]+([^\n]*)")
#: List items (Markdown ``-``/``*``/``1.``, Jira ``#``/``*``/``-``): shown as "• item".
_LIST_ITEM = re.compile(r"(^|\n)[ \t]*(?:[*-]+|\d+[.)])[ \t]+")
_JIRA_LIST_ITEM = re.compile(r"(^|\n)[ \t]*[#*-]+[ \t]+")
#: Jira monospace (``{{name}}``).
_JIRA_MONOSPACE = re.compile(r"\{\{(.*?)\}\}")
#: A Jira mention: ``[~accountid:5570…]`` (an opaque id, shown as "@someone") or ``[~name]``.
_JIRA_ACCOUNT = re.compile(r"\[~accountid:[^\]\s]*\]")
_JIRA_MENTION = re.compile(r"\[~([^\]\s]+)\]")


#: Where a line of code may be cut: before a space, or after punctuation that ends a token.
_CODE_BREAK = re.compile(r"(?<=[,;(\[{])|(?=\s)")


def _cut_code(line: str, limit: int) -> str:
    """``line`` cut to at most ``limit`` characters at the last token boundary (a space, or after
    ``,;([{``), never inside a name; hard at ``limit`` if there is none past half of it."""
    ends = [found.start() for found in _CODE_BREAK.finditer(line, 0, limit + 1) if found.start() > limit // 2]
    return line[: ends[-1] if ends else limit].rstrip()


def _code_mark(block: re.Match[str]) -> str:
    """A code block as a quote shows it: ``[code]`` (``[suggestion]`` for a suggested change) and its
    first line in backticks, cut at :data:`CODE_LINE_CHARS`, with "…" when more follows; an HTML comment
    as nothing."""
    if block.group(0).startswith("<!--"):
        return " "
    fenced = block.group(0).startswith("```")
    info, body = (block.group(1), block.group(2)) if fenced else ("", block.group(4))
    mark = "[suggestion]" if info.strip().lower() == "suggestion" else "[code]"
    lines = [line.strip() for line in (body or "").splitlines() if line.strip()]
    if not lines:
        return f" {mark} "
    first, more = lines[0], len(lines) > 1
    if len(first) > CODE_LINE_CHARS:
        first, more = _cut_code(first, CODE_LINE_CHARS - 1), True
    shown = first.replace("`", "'")
    return f" {mark} `{shown}`{' …' if more else ''} "


def excerpt(text: object, limit: int = EXCERPT_CHARS, *, jira: bool = False) -> str | None:
    """``text`` on one line, at most ``limit`` characters: cut at the last whole word, with "…" when
    cut. None for a missing or blank text. Inline code is kept; a code block is shown as ``[code]`` (or
    ``[suggestion]``) and its first line (:func:`_code_mark`), headings as "Title:",
    list items as "• item" (``jira``: the text is Jira wiki markup, where ``#`` starts a list item and a
    mention ``[~accountid:…]`` shows as "@someone")."""
    if not isinstance(text, str):
        return None
    text = _BLOCKS.sub(_code_mark, text)
    if jira:
        text = _JIRA_LIST_ITEM.sub(r"\1• ", _JIRA_HEADING.sub(r"\1\2:", text))
        text = _JIRA_MONOSPACE.sub(r"\1", text)
        text = _JIRA_MENTION.sub(r"@\1", _JIRA_ACCOUNT.sub("@someone", text))
    else:
        text = _LIST_ITEM.sub(r"\1• ", _HEADING.sub(r"\1\2:", text))
    flat = _SPACE.sub(" ", text).strip()
    if not flat:
        return None
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def item_titles(ctx: RuleContext) -> pd.DataFrame:
    """One row per opened item in ``ctx.events`` (columns :data:`ITEM_COLUMNS`): its kind, title (None
    when it has none), link and when it was opened."""
    frames = []
    for kind, field in TITLE_FIELDS.items():
        rows = ctx.of(kind, columns=["item", "url", "created_at"])
        if rows.empty:
            continue
        titles = ctx.attrs(kind, [field])[field]
        frames.append(
            pd.DataFrame(
                {
                    "item": rows["item"].to_numpy(dtype=object),
                    "kind": kind,
                    "title": titles.to_numpy(dtype=object),
                    "url": rows["url"].to_numpy(dtype=object),
                    "opened_at": rows["created_at"].to_numpy(),
                }
            )
        )
    if not frames:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in ITEM_COLUMNS})
    return pd.concat(frames, ignore_index=True).drop_duplicates("item").reset_index(drop=True)


#: The event columns :func:`quoted` and :func:`strongest_quoted` read: a caller with wide events hands
#: these only, so each filter inside takes a few columns.
QUOTED_COLUMNS = ("event_id", "actor_person", "kind", "item", "text", "attrs", "created_at")


def quoting_events(events: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``events`` that :func:`quoted` reads to quote any acts of ``rows`` (evidence): the
    acts themselves and the inline review comments on their items, in ``events``' order. Quoting from
    these gives the same quotes as from every event, so a caller quoting several lists filters once
    and each list then filters a few rows, not every event of the items."""
    acts = is_in(events["event_id"], rows["event_id"])
    inline = (events["kind"] == "review_comment").to_numpy(dtype=bool)
    on_items = is_in(events["item"], rows["item"])
    return events[acts | (inline & on_items)]


def named_classes(classes: pd.Series) -> pd.Series:
    """Each text class worth naming where the words are not shown, else None: never ``"other"``."""
    named = [value if isinstance(value, str) and value != "other" else None for value in classes]
    return pd.Series(named, index=classes.index, dtype=object)


def _bare_reviews(rows: pd.DataFrame) -> np.ndarray:
    """Bool per row of ``rows`` (evidence): a review whose own words have no class worth naming (an
    empty body or an acknowledgement), which :func:`quoted` quotes by its inline comment instead."""
    reviews = (rows["kind"] == "review").to_numpy(dtype=bool)
    return reviews & named_classes(rows["text_class"]).isna().to_numpy(dtype=bool)


def inline_items(rows: pd.DataFrame) -> set[str]:
    """The items whose inline review comments :func:`quoted` may read to quote ``rows`` (evidence):
    those of its bare reviews. Quoting reads nothing else of an item but the act itself, so a caller
    choosing which acts to quote can read just these rows (:mod:`metrics.stored.quoting_slice`)."""
    return {str(item) for item in rows["item"].to_numpy(dtype=object)[_bare_reviews(rows)]}


def _own_words(text: object) -> int:
    """How many words ``text`` holds outside its code blocks."""
    if not isinstance(text, str):
        return 0
    return len(_BLOCKS.sub(" ", text).split())


def _inline_quotes(rows: pd.DataFrame, events: pd.DataFrame, classes: pd.Series) -> pd.Series:
    """For review rows, the inline comment of that review by the same person most worth quoting, as an
    excerpt: substantive classes only (``classes``: event id -> text class), a defect before a design
    point before the others (the order of :data:`SUBSTANTIVE`), then the one with the most words outside
    code blocks, then the earliest. Index = ``rows``' index."""
    reviews = rows[rows["kind"] == "review"]
    if reviews.empty:
        return pd.Series(dtype=object)
    inline = events[(events["kind"] == "review_comment").to_numpy(dtype=bool)]
    inline = inline[is_in(inline["item"], reviews["item"]) & is_in(inline["actor_person"], reviews["person"])]
    label = inline["event_id"].map(classes).astype(object)  # a categorical would sort by its categories
    rank = label.map({name: at for at, name in enumerate(SUBSTANTIVE)}).astype(float)
    inline = inline.assign(_rank=rank)[rank.notna().to_numpy()]  # decoded below: only the ones that count
    if inline.empty:
        return pd.Series(dtype=object)
    inline = inline.assign(
        review_id=kind_named("review_comment").decode(inline["attrs"], ["review_id"])["review_id"],
        _words=-inline["text"].map(_own_words),
    )
    inline = inline.sort_values(["_rank", "_words", "created_at", "event_id"], kind="stable")
    first = inline.drop_duplicates(["review_id", "actor_person"]).set_index(["review_id", "actor_person"])[
        "text"
    ]
    keys = pd.MultiIndex.from_arrays([reviews["event_id"], reviews["person"]])
    return pd.Series([excerpt(text) for text in first.reindex(keys)], index=reviews.index, dtype=object)


def quoted(
    rows: pd.DataFrame,
    events: pd.DataFrame,
    items: pd.DataFrame,
    *,
    redact_text: bool,
    classes: pd.Series | None = None,
) -> pd.DataFrame:
    """``rows`` (evidence) with ``quote`` (an excerpt of the act's own words, or None), ``quote_from``
    (``"inline"`` when the quote is the review's inline comment most worth quoting, because the review's
    own body is empty or only an acknowledgement) and ``title`` (the item's title, or None). All None
    with ``redact_text``. ``events`` must hold the acts (``event_id, actor_person, kind, item, text,
    attrs, created_at``); ``items`` is :func:`item_titles`; ``classes`` maps event ids to text classes
    (the person's evidence), for the inline quotes."""
    out = rows.copy()
    if "text_class" in out:
        out["text_class"] = named_classes(out["text_class"])
    if redact_text or out.empty:
        return out.assign(quote=None, quote_from=None, title=None)
    acts = (
        events[["event_id", "actor_person", "kind", "text"]].drop_duplicates("event_id").set_index("event_id")
    )
    acts = acts.reindex(out["event_id"])
    own = (acts["actor_person"].to_numpy() == out["person"].to_numpy()) & acts["kind"].isin(
        QUOTED_KINDS
    ).to_numpy()
    texts = acts["text"].to_numpy(dtype=object)
    jira = acts["kind"].astype(str).str.startswith("jira").to_numpy()
    quotes = [
        excerpt(text, jira=on_jira) if mine else None
        for text, mine, on_jira in zip(texts, own, jira, strict=True)
    ]
    source: list[str | None] = [None] * len(out)
    if classes is not None:
        inline = _inline_quotes(out[_bare_reviews(out) & own], events, classes)
        for at, text in inline.items():
            if isinstance(text, str):
                index = out.index.get_loc(at)
                quotes[index], source[index] = text, "inline"
    out["quote"] = pd.Series(quotes, index=out.index, dtype=object)
    out["quote_from"] = pd.Series(source, index=out.index, dtype=object)
    titles = items[is_in(items["item"], out["item"])].drop_duplicates("item").set_index("item")["title"]
    found = out["item"].map(titles)
    out["title"] = pd.Series(
        [title if isinstance(title, str) and title.strip() else None for title in found],
        index=out.index,
        dtype=object,
    )
    return out


def _same_words(quote: object) -> str | None:
    return " ".join(quote.lower().split()) or None if isinstance(quote, str) else None


def new_words(quotes: pd.Series, seen: set[str]) -> list[bool]:
    """For each quote in order, whether its words (case and spacing aside) are not in ``seen`` nor
    in a quote before it (a missing quote always is); ``seen`` gains them: the acts
    :func:`strongest_quoted` lists."""
    keep = []
    for key in (_same_words(quote) for quote in quotes):
        keep.append(key is None or key not in seen)
        if key is not None:
            seen.add(key)
    return keep


def strongest_quoted(
    rows: pd.DataFrame,
    most: int,
    events: pd.DataFrame,
    items: pd.DataFrame,
    *,
    redact_text: bool,
    classes: pd.Series | None = None,
) -> pd.DataFrame:
    """:func:`quoted` of the ``most`` strongest acts of ``rows`` (:func:`~metrics.strength.strongest`:
    by strength, one per item), skipping an act whose quoted words are those of a stronger act already
    listed: a comment pasted on five pull requests is one example worth showing, not five. The skipped
    acts still count; only the list of examples differs."""
    from .strength import strongest_order

    order = strongest_order(rows)
    if redact_text or not len(order):
        return quoted(rows.take(order[:most]), events, items, redact_text=redact_text, classes=classes)
    # Candidates are quoted in batches that double in size, each against its own items' events only: a
    # store where the same words recur on many items (copied templates) needs a few small batches, not
    # one pass over every event per candidate.
    on_items = quoting_events(events, rows[["event_id", "item"]].take(order))
    chosen: list[pd.DataFrame] = []
    seen: set[str] = set()
    start, size, kept = 0, max(most, 1) * 4, 0
    while start < len(order) and kept < most:
        batch = rows.take(order[start : start + size])
        own = on_items[is_in(on_items["item"], batch["item"])]
        batch = quoted(batch, own, items, redact_text=False, classes=classes)
        keep = new_words(batch["quote"], seen)
        chosen.append(batch[keep])
        kept += sum(keep)
        start, size = start + size, size * 2
    return pd.concat(chosen).head(most)
