"""Acknowledgements and procedural comments: texts that say nothing about the work and give no behaviour.

A text is an acknowledgement when it is made only of the phrases below (with punctuation, emoji,
@-mentions and a few filler words between them), or when it has no letter or digit at all (a lone emoji
or punctuation). "LGTM", "+1", "thanks!", "looks good to me 👍", "done", "fixed in the latest patch set",
"ping", "any update?", "PTAL", "will do", "see above", "rebased on main", "ok", "hmm", and one-clause
notes that a request was carried out ("Fixed the typo.", "Renamed to `pending_orders`"). Such a text is
class ``other`` with no cue: an approval's signal is already its review state, so it is never praise
and never mentoring, and "done" is no status update.

The vocabulary is the everyday vocabulary of code review on GitHub, GitLab and Gerrit (including bot
commands such as ``/lgtm``), not words picked from any data set. As soon as a text says something more
("LGTM, but the lock is never released") it is not an acknowledgement and the model classifies it.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: How a review summary counts its inline remarks ("a few", "some", "two"), and what it calls them.
_FEW = r"a few|a couple(?: of)?|some|few|several|two|three|a handful of|many|lots of|a bunch of"
_REMARKS = r"(?:questions?|comments?|notes?|thoughts?|nits?|suggestions?|remarks?|things|points?|ideas?)"

#: Adjectives that praise a change without saying anything about it, and what they call the change.
_GENERIC_PRAISE = r"(?:nice|clean|good|great|solid|neat|tidy|simple|small|focused|straightforward|lovely)"
_WORK = r"change|changes|patch|pr|diff|fix|work|job|commit"

#: Named kinds of acknowledgement, each a tuple of alternative phrases (the text is lower-cased).
ACKNOWLEDGEMENT_PHRASES: dict[str, tuple[str, ...]] = {
    "approval": (
        r"lgtm|sgtm|lg|ship ?it|approved?|\+ ?[12]|\+\+|:\+1:|:shipit:|/lgtm|/approve",
        r"looks? (?:good|great|fine|ok|okay|reasonable|correct|right)(?: to me| now)?",
        r"(?:nice|great|good|excellent) (?:work|job|one|stuff|change|patch|pr)|well done|love it",
        r"good to go|ready to (?:merge|go|ship|land)|(?:ok|okay|fine) to (?:merge|land|ship)",
        # Praise of "the change" with no word about what it does: "Nice, clean change to the parser."
        rf"(?:{_GENERIC_PRAISE}(?:,? and |,? )?)+(?:{_WORK})(?: (?:to|in|for) (?:the )?[\w-]+(?: [\w-]+)?)?",
        r"(?:good|nice|great) (?:catch|find|point|idea|call)|fair (?:point|enough)",
        r"nice|great|good|cool|awesome|perfect|excellent|neat|sweet|wonderful|brilliant|splendid|amazing",
    ),
    "thanks": (r"thanks?(?: you)?|thx|tx|ty|tyvm|cheers|much appreciated|appreciated?(?: it)?|kudos",),
    "done": (
        r"done|fixed|addressed|resolved|updated|changed|applied|removed|renamed|reverted|pushed|squashed",
        r"amended|corrected|adjusted|handled|implemented|taken care of",
        r"(?:fixed|done|addressed|changed|updated) (?:it|this|that|both|all|everywhere)",
    ),
    "will do": (
        r"will do|will fix|on it|(?:good|fair) point,? will do|fixing(?: it| this| that)?(?: now)?",
        r"looking into it|(?:i'?ll|will) take (?:it|this|a look)",
        r"(?:i'?ll|i will|we'?ll|will) (?:fix|do|change|update|address|handle|look at|look into|add) "
        r"(?:it|this|that|them)",
    ),
    "ping": (
        r"ping|bump|reminder|(?:gentle|friendly|kind|quick) (?:ping|reminder|bump)",
        r"any (?:updates?|news|progress)(?: (?:on|here))?",
        r"ptal|(?:please |could you |can you )?(?:take|have) a(?:nother)? look|"
        r"ready for (?:another )?(?:review|look)",
        r"please review|re-?review|recheck|retest|/retest|/ok-to-test",
    ),
    "rebase": (
        r"rebased?|needs? (?:a )?rebase|please rebase|(?:resolved|fixed) (?:the )?(?:merge )?conflicts?",
        r"(?:rebased|rebase) (?:on|onto|against|to) (?:top of )?(?:the )?(?:latest )?"
        r"(?:main|master|trunk|develop|upstream|head)",
    ),
    "see above": (
        r"see (?:above|below|my (?:previous|earlier|other|last) comments?)",
        r"see (?:the |my )?(?:reply|comment|answer) (?:above|below)",
        r"as above|answered (?:above|below|inline)|replied (?:above|below|inline)",
    ),
    # A review's summary that only points at its inline comments: "Some questions inline.", "A few
    # thoughts inline, nothing blocking.", "Left a few notes on `parse`; none of them blocking."
    "see inline": (
        r"see (?:the )?(?:inline|below|comments?|details|notes)(?: (?:inline|below))?",
        r"details (?:inline|below)",
        rf"(?:(?:{_FEW}) )?(?:more |minor |small )?{_REMARKS} (?:inline|below|in the diff|on the diff)",
        rf"(?:i )?left (?:(?:{_FEW}) )?(?:more |minor |small )?{_REMARKS}"
        r"(?: (?:on|about|for|in) (?:the )?(?:`[^`\n]+`|[\w.-]+))?",
        r"(?:nothing|none(?: of (?:them|these|those|it))?)(?: is| are)? (?:really |too )?blocking|"
        r"non-?blocking|not blocking",
    ),
    "reply word": (
        r"ok|okay|k|kk|yes|yep|yup|yeah|no|nope|nah|sure|agreed?|ack|acked|noted|got it|understood",
        r"makes sense|sounds (?:good|great|fine)|works for me|fine(?: by me)?|no problem|no worries|np",
        r"right|true|indeed|exactly|correct|totally|absolutely|of course|i see|gotcha|roger|interesting",
        r"hm+|huh|oh|ah|aha|oops|whoops|wow|lol|heh|haha|meh|my bad|sorry",
        r"(?:that|this|it)(?:'s| is) (?:definitely |indeed )?(?:a|the) bug|you(?:'re| are) (?:right|correct)",
        r"confirmed|(?:i )?can reproduce|reproduced",
    ),
}
#: One pattern per kind.
ACKNOWLEDGEMENTS: dict[str, str] = {
    name: "|".join(phrases) for name, phrases in ACKNOWLEDGEMENT_PHRASES.items()
}

#: Words that may sit between acknowledgement phrases without adding content.
_FILLER = "|".join(
    (
        r"@[\w.-]+|[0-9a-f]{7,40}|\d+",  # a mention, a commit, a number
        r"so|much|very|a lot|again|too|also|as well|all|now|here|there|then|it|this|that|me|and|just|really",
        r"i think|guys|folks|everyone|the|latest|in|ps|patch ?set|revision|version|commit",
        r"for (?:this|that|it)|to me",
        r"for (?:explaining|clarifying|checking|looking|picking (?:it|this) up|the pointers?|the context)",
        r"(?:that|this|it) helps(?: a lot)?|til|today i learned",
        r"for (?:the|this|that|your|all the)(?: (?:quick|fast|great|nice|good|detailed))? "
        r"(?:fix|fixes|review|reviews|update|updates|patch|change|changes|pr|work|feedback|suggestions?|"
        r"comments?|help|effort|explanation|turnaround|report|bug report|heads[- ]up)",
    )
)
_ANY_PHRASE = "|".join(f"(?:{pattern})" for pattern in ACKNOWLEDGEMENTS.values())
#: The whole text is acknowledgement phrases and filler (at least one phrase is checked separately).
ONLY_ACKNOWLEDGEMENT = rf"^[\W_]*(?:(?:{_ANY_PHRASE}|{_FILLER})(?:[\W_]+|$))+$"
#: No letter or digit at all: a lone emoji, punctuation, or a mis-encoded check mark.
NO_WORDS = r"^[^a-z0-9]*$"
#: A one-clause note that a request was carried out: "Fixed the typo.", "Renamed to `pending_orders`",
#: "Removed in the latest patch set" (an author's reply to a review comment, not feedback).
DONE_NOTE = (
    r"^[\W_]*(?:done|fixed|addressed|resolved|updated|changed|removed|renamed|moved|added|reverted|"
    r"squashed|dropped|deleted|reworded|rephrased|reformatted|extracted|split)\b"
    r"(?:[ ,]+(?:[^\s.?!,;:]+\s*){1,8})?[.!]*\s*$"
)
#: An approval and thanks for how the work was done, nothing more: "Good to go. Thanks for splitting it
#: up." (without the approval, "Thanks for cleaning this up!" is praise of the work).
APPROVAL_THANKS = (
    r"^[\W_]*(?:lgtm|sgtm|ship ?it|approved?|\+ ?[12]|looks? (?:good|great|fine)(?: to me)?|good to go|"
    r"ready to (?:merge|go|ship|land))[\W_]+(?:thanks?|thank you|thx)(?: (?:a lot|so much))? "
    r"for \w+ing(?: (?:it|this|that|them))?(?: up| out| in)?[\W_]*$"
)
#: An opening sentence or clause that is only an acknowledgement ("Thanks! ...", "LGTM, but ..."), with
#: its end.
_BETWEEN = r"[^\w.!\n]+"
LEADING_ACKNOWLEDGEMENT = (
    rf"^[\W_]*(?:(?:{_FILLER}){_BETWEEN})*(?:{_ANY_PHRASE})(?:{_BETWEEN}(?:{_ANY_PHRASE}|{_FILLER}))*"
    r"(?:[^\w.!\n]*[.!\n]+|,? but\b)\s*"
)


def _matches(lowered: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(lowered, pattern).to_numpy(zero_copy_only=False)


def without_leading_acknowledgement(lowered: pa.Array) -> pa.Array:
    """The texts without an opening acknowledgement sentence, when something follows it: the class of
    "Thanks! One more thing: this leaks the file handle." is decided by what follows the thanks."""
    stripped = pc.replace_substring_regex(
        lowered, pattern=LEADING_ACKNOWLEDGEMENT, replacement="", max_replacements=1
    )
    return pc.if_else(pc.match_substring_regex(stripped, r"\w"), stripped, lowered)


def acknowledgement_kinds(lowered: pa.Array) -> np.ndarray:
    """Per text, the kinds of acknowledgement it is made of (``"thanks, approval"``), or ``""`` if it
    says more than an acknowledgement. Blank texts are ``""`` too (they are ``other`` anyway)."""
    out = np.full(len(lowered), "", dtype=object)
    only = _matches(lowered, ONLY_ACKNOWLEDGEMENT)
    blank = _matches(lowered, r"^\s*$")
    no_words = _matches(lowered, NO_WORDS) & ~blank
    out[no_words] = "emoji or punctuation only"
    out[_matches(lowered, DONE_NOTE)] = "done"
    out[_matches(lowered, APPROVAL_THANKS)] = "approval, thanks"
    if only.any():
        subset = lowered.filter(pa.array(only))
        names = np.full(len(subset), "", dtype=object)
        for name, pattern in ACKNOWLEDGEMENTS.items():
            hit = _matches(subset, rf"(?:^|[\W_])(?:{pattern})(?:[\W_]|$)")
            names[hit] = np.where(names[hit] == "", name, names[hit] + ", " + name)
        out[np.flatnonzero(only)] = np.where(names == "", out[only], names)
    return out
