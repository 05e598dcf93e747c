"""What a comment does beside what its words are about: agrees, teaches, suggests, or makes a new point.

Three rules of :func:`.model.classify_frame` (and of :func:`.crossval.predict`, which mirrors it) read
these, on the lower-cased text:

- **Agreement.** A reply that opens by agreeing ("Makes sense.", "Agreed,", "Sounds good", "Fair
  point") and raises nothing new (no "but", "also", "one more", no question, no risk) answers someone
  else's point: it is ``other`` ("other: agreement"), neither a defect found nor praise. "Makes sense.
  The parser already has most of it; the missing part is `fn`." states scope, not a bug.
- **Teaching and suggesting.** A tip ("Tip:", "Worth knowing:", "FYI", "Rule of thumb"), a house
  convention explained ("we validate `x` at the API edge, so that ...") or a suggestion ("Suggest a
  guard clause here", "consider ...", a suggestion block) that names no failure
  (:data:`FAILURE`: "bug", "wrong", "raises", "never closed", "leaks", "missing" ...) is not a defect
  found: a text the weights call ``defect`` takes its best other feedback class (maintainability or
  design), keeping its mentoring cues. A tip that explains a risk keeps the risk cue, not a defect.
- **A new point.** An opening acknowledgement followed by a new point ("Thanks, fixed. One more: the
  handle is never closed.") is the reviewer's own finding: the point marker is not scored
  (:data:`NEW_POINT_LEAD`) and the ``acknowledges_report`` cue, which withholds the credit of what
  someone else found, does not hold (:data:`NEW_POINT`).

The words are the general vocabulary of code review, not phrases picked from a data set.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: Opens by agreeing with what was said.
AGREEMENT = (
    r"^[\W_]*(?:@[\w.-]+[\W_]*)?(?:(?:ok|okay|yes|yep|yeah|sure)[\W_]+)?"
    r"(?:makes (?:total |perfect |a lot of )?sense|agreed?|i agree|"
    r"sounds (?:good|great|fine|reasonable|right)|fair (?:point|enough)|good (?:point|idea)|"
    r"that works|works for me)\b"
)
#: Something new after an opening: a contrast, an addition, a question.
NEW_POINT = (
    r"\b(?:but|however|though|although|except|one more|another|also|additionally|separately|unrelated|"
    r"btw|by the way|that said|on the other hand|while (?:you'?re|we'?re) (?:at it|here))\b|\?"
)
#: A point marker at the start of what is scored ("One more:", "Also,", "Another thing:"): how a new
#: point is introduced, not what it says.
NEW_POINT_LEAD = (
    r"^(?:one more(?: thing| point| issue| nit| question| comment| problem)?|"
    r"another (?:thing|point|issue|one|nit|problem)|also|separately|additionally|btw|by the way)"
    r"(?:[\s:,;.!-]+|$)"
)
#: Opens as a tip, with an optional name before it ("Tip, Lena:", "Lena, worth knowing:").
TIP = (
    r"^[\W_]*(?:@?[\w.-]+,\s*)?(?:(?:pro )?tips?|worth knowing|good to know|fyi|for future reference|"
    r"for (?:the future|next time)|one thing to (?:learn|know|remember)(?: here)?|rule of thumb|"
    r"as a (?:general )?rule|in general|til)\b"
)
#: A house convention stated ("we validate", "our convention is to keep"): with an explanation, teaching.
CONVENTION = (
    r"\b(?:we|the team|our (?:convention|rule|practice|style|habit) is to) "
    r"(?:always |usually |generally |normally |typically |tend to |prefer to |try to )?"
    r"(?:validate|keep|log|avoid|prefer|use|put|store|name|pass|inject|write|wrap)\b"
)
#: A suggestion's words (as the ``suggestion`` cue, without "instead" and "nit", which also open findings).
SUGGESTS = r"```suggestion|\bconsider\w*\b|\byou could\b|\bi'?d suggest|\bsuggest\w*\b|\bmaybe (?:we|you)\b"
#: Why something is so (as the ``explanation`` cue).
EXPLAINS = r"\bbecause\b|\bso that\b|\bthe reason\b|\bthis means\b|\bwhich means\b|\bsince\b|\bin order to\b"
#: Words that name a failure: a defect is found only where one is named.
FAILURE = (
    r"\b(?:bugs?|buggy|wrong\w*|incorrect\w*|broken|break(?:s|ing)?|crash\w*|fail(?:s|ed|ing|ures?)?|"
    r"rais(?:es|ed|ing)|throw(?:s|n|ing)?|\w*errors?|\w*exceptions?|off[- ]by|never|leak\w*|hang(?:s|ing)?|"
    r"stuck|lost|los(?:e|es|ing)|missing|miss(?:es|ed)|forg[eo]t\w*|skip(?:s|ped)|swallow\w*|ignor(?:es|ed)|"
    r"undefined|null|none|overflow\w*|regress\w*|"
    r"(?:does|do|will|would|is|are)(?:n'?t| not) (?:work|right|correct)|"
    r"not (?:closed|released|called|freed|handled|checked|reset|cleaned))\b"
)
#: A fenced code block: its words are code, not a failure named.
_FENCED = r"(?s)```.*?(?:```|$)"


def _matches(lowered: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(lowered, pattern).to_numpy(zero_copy_only=False)


def without_point_lead(scored: pa.Array) -> pa.Array:
    """``scored`` without an opening point marker (:data:`NEW_POINT_LEAD`), where something follows it."""
    stripped = pc.replace_substring_regex(scored, pattern=NEW_POINT_LEAD, replacement="", max_replacements=1)
    return pc.if_else(pc.match_substring_regex(stripped, r"\w"), stripped, scored)


def agreement_only(lowered: pa.Array) -> np.ndarray:
    """Texts that open by agreeing and raise no new point (risks are checked by the caller)."""
    agrees = _matches(lowered, AGREEMENT)
    return agrees & ~_matches(lowered, NEW_POINT)


def new_point(lowered: pa.Array) -> np.ndarray:
    """Texts that move on to a new point after their opening sentence ("... One more: ...")."""
    return _matches(lowered, r"[.!;:,\n]\s*(?:" + NEW_POINT_LEAD[1:] + ")")


def tips(lowered: pa.Array) -> np.ndarray:
    """Texts that open as a tip (:data:`TIP`)."""
    return _matches(lowered, TIP)


def teaching(lowered: pa.Array) -> np.ndarray:
    """Texts that teach or suggest and name no failure: a tip, a convention explained, or a suggestion."""
    words = pc.replace_substring_regex(lowered, pattern=_FENCED, replacement=" ")
    fails = _matches(words, FAILURE)
    convention = _matches(lowered, CONVENTION) & _matches(lowered, EXPLAINS)
    return tips(lowered) | ((convention | _matches(lowered, SUGGESTS)) & ~fails)


def demoted(
    labels: np.ndarray, scored: np.ndarray, class_names: tuple[str, ...], teaches: np.ndarray
) -> np.ndarray:
    """Per text, the class it takes instead of ``defect`` when it teaches (:func:`teaching`): the
    better-scoring of maintainability and design; ``labels`` elsewhere (a new array)."""
    out = labels.copy()
    rows = (labels == "defect") & teaches
    if rows.any():
        options = [class_names.index("maintainability"), class_names.index("design")]
        best = np.array(options)[np.round(scored[rows][:, options], 6).argmax(axis=1)]
        out[rows] = np.array(class_names, dtype=object)[best]
    return out
