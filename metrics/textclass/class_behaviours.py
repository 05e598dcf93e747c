"""Which DESIGN §7 behaviours a text of a given class and cues can support."""

from __future__ import annotations

from collections.abc import Iterable

from ..behaviours import BEHAVIOUR_IDS

#: Behaviours each text class can be evidence of (DESIGN §7: reviewing, risk_raising, direction, mentoring).
LABEL_BEHAVIOURS: dict[str, tuple[str, ...]] = {
    "defect": ("reviewing", "risk_raising"),
    "maintainability": ("reviewing",),
    "design": ("reviewing", "direction"),
    "question": (),
    "praise": ("mentoring",),
    "other": (),
}

#: Behaviours each cue can be evidence of.
CUE_BEHAVIOURS: dict[str, tuple[str, ...]] = {
    "suggestion": ("mentoring",),
    "explanation": ("mentoring",),
    "docs_link": ("mentoring",),
    "risk": ("risk_raising",),
    "status_update": ("ownership",),
    "acknowledges_report": (),
}

#: Behaviours a cue takes away: a reply acknowledging what someone else found raises no risk itself.
CUE_WITHHOLDS: dict[str, tuple[str, ...]] = {"acknowledges_report": ("risk_raising",)}


def behaviours_for(label: str, cues: Iterable[str]) -> list[str]:
    """Behaviours a text with this label and these cues can support, without duplicates, in §7 order.

    Whether the text *is* evidence also depends on who wrote it on whose work (own PR, seniority, team);
    that is decided by the rules, not here. Unknown labels or cues raise ``ValueError``.
    """
    if label not in LABEL_BEHAVIOURS:
        raise ValueError(f"unknown text class {label!r}; expected one of {sorted(LABEL_BEHAVIOURS)}")
    found = set(LABEL_BEHAVIOURS[label])
    cues = list(cues)
    for cue in cues:
        if cue not in CUE_BEHAVIOURS:
            raise ValueError(f"unknown cue {cue!r}; expected one of {sorted(CUE_BEHAVIOURS)}")
        found.update(CUE_BEHAVIOURS[cue])
    for cue in cues:
        found.difference_update(CUE_WITHHOLDS.get(cue, ()))
    return [behaviour for behaviour in BEHAVIOUR_IDS if behaviour in found]
