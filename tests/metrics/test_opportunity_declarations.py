"""Opportunity kinds are declared like rules: reason templates checked when declared and on the first run,
behaviours known; the rows are a pure function of the events before the window end, the config and it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from metrics.engine import compute
from metrics.identities import Identities
from metrics.opportunities import OPPORTUNITIES, Opportunity, build_opportunities, opportunity
from metrics.opportunities.base import REGISTRY, OpportunityContext
from metrics.prepare import RuleContext, prepare
from tests.metrics.builders import PLAIN, QUESTION, World, at, config


def _context(world: World) -> RuleContext:
    settings = config()
    identities = Identities(settings)
    return RuleContext(prepare(world.frame(), identities), settings, identities)


def _prs(octx: OpportunityContext) -> pd.DataFrame:
    ev = octx.acts("pull_request", columns=["item", "url", "created_at", "actor_person"])
    return pd.DataFrame({"person": ev["actor_person"], "item": ev["item"], "url": ev["url"],
                         "since": ev["created_at"]})  # fmt: skip


def test_the_kinds_are_the_five_of_the_design_each_with_known_behaviours() -> None:
    assert [kind.id for kind in OPPORTUNITIES] == [
        "waiting_review", "unanswered_question", "stuck_blocked", "recurring_problem", "repeated_feedback",
    ]  # fmt: skip
    assert {kind.id: kind.behaviours for kind in OPPORTUNITIES}["waiting_review"] == (
        "unblocking",
        "mentoring",
    )
    assert all(kind.description and kind.fields() for kind in OPPORTUNITIES)


def test_every_kind_returns_the_fields_its_reason_names_even_with_nothing_to_find() -> None:
    w = World()
    w.comment(w.pr("ada", 1), "bob", 1, PLAIN)
    assert build_opportunities(_context(w), at(2)).empty  # raises if a kind lacks a field of its reason
    only_retro = World()
    only_retro.retro("ada", 9)
    assert build_opportunities(_context(only_retro), at(2)).empty  # nothing of any kind it reads


def test_a_reason_naming_a_field_the_kind_does_not_return_fails_on_the_first_run() -> None:
    w = World()
    w.pr("ada", 1)
    mistaken = Opportunity("mistaken", ("reviewing",), "x", "{item} in {repo}", _prs)
    expected = "'mistaken': select returns no repo (it returns person, item, url, since)"
    with pytest.raises(ValueError, match=re.escape(expected)):
        build_opportunities(_context(w), at(5), kinds=[mistaken])
    fine = Opportunity("fine", ("reviewing",), "x", "{item}", _prs)
    assert list(build_opportunities(_context(w), at(5), kinds=[fine])["reason"]) == ["acme/payments#1"]


def test_a_reason_that_is_not_a_template_or_an_unknown_behaviour_is_refused_when_declared() -> None:
    declare = opportunity("unbalanced", behaviours=("reviewing",), description="x", reason="{item")
    with pytest.raises(ValueError, match=re.escape("'unbalanced': reason '{item' is not a template")):
        declare(_prs)
    with pytest.raises(ValueError, match="unknown or no behaviours"):
        opportunity("bad", behaviours=("leadership",), description="x", reason="{item}")
    with pytest.raises(ValueError, match="declared twice"):
        opportunity("waiting_review", behaviours=("unblocking",), description="x", reason="{item}")
    assert all(declared.id not in ("unbalanced", "bad") for declared in REGISTRY)


def test_rows_naming_undeclared_behaviours_are_refused() -> None:
    w = World()
    w.pr("ada", 1)

    def with_mentoring(octx: OpportunityContext) -> pd.DataFrame:
        frame = _prs(octx)
        return frame.assign(behaviours=[("mentoring",)] * len(frame))

    wrong = Opportunity("wrong", ("reviewing",), "x", "{item}", with_mentoring)
    with pytest.raises(ValueError, match="undeclared behaviours mentoring"):
        build_opportunities(_context(w), at(5), kinds=[wrong])


def test_acts_after_the_window_end_change_nothing() -> None:
    w = World()
    pr = w.pr("bob", 1)
    w.comment(w.pr("ada", 2), "cy", 1, QUESTION)
    w.jira_issue("PAY-1", "ada", assignee="bob")
    w.status("PAY-1", "bob", 1, "To Do", "Blocked")
    before = compute(w.frame(), config(), until=at(100)).opportunities
    w.review(pr, "ada", 101, "APPROVED")
    w.comment("acme/payments#2", "bob", 102, PLAIN)
    w.status("PAY-1", "bob", 103, "Blocked", "Done")
    w.pr("bob", 3, hours=104)
    after = compute(w.frame(), config(), until=at(100)).opportunities
    pd.testing.assert_frame_equal(before, after)
    assert set(before["kind"]) == {"waiting_review", "unanswered_question", "stuck_blocked"}
    assert set(compute(w.frame(), config(), until=at(200)).opportunities["kind"]) == {"waiting_review"}
