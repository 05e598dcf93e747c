"""The tech-lead playbook ("lead without a title") as next steps, per behaviour (DESIGN §7).

Each behaviour has practices written from the playbook — take ownership of small projects and
coordinate them; initiate a review or a retrospective when you spot a recurring issue; offer support
to junior teammates; communicate proactively, raising risks early and keeping stakeholders updated;
improve team workflows with better tooling, documentation or processes — and, for the opportunity
kinds that grow it, how to turn a concrete opportunity into a step. The growth plan
(:mod:`metrics.growth`) picks from here; nothing else writes this advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Play:
    """What the playbook says for one behaviour: ``practices`` (steps that need no opportunity) and
    ``with_opportunity``: per opportunity kind, a step template over that opportunity's ``{reason}``."""

    practices: tuple[str, ...]
    with_opportunity: dict[str, str] = field(default_factory=dict)


PLAYBOOK: dict[str, Play] = {
    "reviewing": Play(
        (
            "Review a teammate's pull request every day, commenting on design and tests as well as defects.",
            "Ask for a review of your own review comments from a senior reviewer: what would they add?",
        )
    ),
    "unblocking": Play(
        (
            "Look at your team's waiting work each morning: a first review or an answer within a day "
            "unblocks a teammate.",
            "When someone is stuck, offer a short pairing session instead of a long comment thread.",
        ),
        {
            "waiting_review": "Unblock a teammate: {reason}.",
            "unanswered_question": "Answer a question that holds someone up: {reason}.",
            "stuck_blocked": "Help unblock stuck work: {reason}. Ask what it needs.",
        },
    ),
    "mentoring": Play(
        (
            "Offer support to junior teammates: pair on a change, or explain the why in your review "
            "comments with a link to the docs.",
            "Praise what is good in a change, and say what makes it good.",
        ),
        {"waiting_review": "Offer support to junior teammates: {reason}."},
    ),
    "cross_team": Play(
        (
            "Review or comment on the work of a team that depends on yours.",
            "Share what your team is changing with the teams it affects, before it lands.",
        )
    ),
    "risk_raising": Play(
        (
            "Communicate proactively: raise risks early, in the issue or at stand-up, and keep "
            "stakeholders updated.",
            "Name the risk in your review comments: security, data loss, load, compatibility, deadlines.",
        ),
        {"stuck_blocked": "Raise the risk early: {reason}. Say who is waiting on it and what it needs."},
    ),
    "improvement": Play(
        (
            "Improve team workflows with better tooling, documentation or processes.",
            "Initiate a review or a retrospective when you spot a recurring issue.",
        ),
        {
            "recurring_problem": "Initiate a retrospective on a recurring issue: {reason}.",
            "repeated_feedback": "Improve the workflow so the feedback gives itself: {reason}. "
            "Suggest a lint rule, a doc or a convention.",
        },
    ),
    "direction": Play(
        (
            "Write a technical decision down as a short ADR or RFC and ask for review.",
            "Propose an alternative approach in a design discussion, with its trade-offs.",
        )
    ),
    "ownership": Play(
        (
            "Take ownership of a small project and coordinate it: split the work, keep its issue "
            "updated, close the loop.",
            "Post a short status update on the work you lead, with what is next and what blocks it.",
        )
    ),
}
