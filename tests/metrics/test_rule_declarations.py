"""A rule's reason template is checked against what its ``select`` returns: a template naming a field
the rule does not return fails on the rule's first run, whatever the data; one that does not parse is
refused when the rule is declared."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from metrics.evidence import build_evidence
from metrics.identities import Identities
from metrics.prepare import RuleContext, prepare
from metrics.rules import RULES, Rule, rule
from metrics.rules.base import REGISTRY
from tests.metrics.builders import PLAIN, World, config


def _context(world: World) -> RuleContext:
    settings = config()
    identities = Identities(settings)
    return RuleContext(prepare(world.frame(), identities), settings, identities)


def _reviews(ctx: RuleContext) -> pd.DataFrame:
    ev = ctx.of("review", columns=["item", "actor_person"])
    return pd.DataFrame({"person": ev["actor_person"], "item": ev["item"]}, index=ev.index)


def test_every_declared_rule_returns_the_fields_its_reason_names_even_with_nothing_to_find() -> None:
    w = World()
    w.comment(w.pr("ada", 1), "bob", 1, PLAIN)  # one PR and one comment: most rules find nothing
    build_evidence(_context(w), RULES)  # raises if any rule's result lacks a field of its reason


def test_a_reason_naming_a_field_the_rule_does_not_return_fails_on_the_first_run() -> None:
    w = World()
    w.pr("ada", 1)  # not a single review: the mistake is caught all the same
    mistaken = Rule("reviewing.mistaken", "reviewing", 1.0, "x", "reviewed {item} in {repo}", _reviews)
    expected = "'reviewing.mistaken': select returns no repo (it returns person, item)"
    with pytest.raises(ValueError, match=re.escape(expected)):
        build_evidence(_context(w), [mistaken])
    fine = Rule("reviewing.fine", "reviewing", 1.0, "x", "reviewed {item}", _reviews)
    assert build_evidence(_context(w), [fine]).empty


def test_a_reason_that_is_not_a_template_is_refused_when_declared() -> None:
    declare = rule("reviewing.unbalanced", weight=1.0, description="x", reason="reviewed {item")
    with pytest.raises(ValueError, match=re.escape("'reviewing.unbalanced': reason 'reviewed {item' is not")):
        declare(_reviews)
    assert all(declared.id != "reviewing.unbalanced" for declared in REGISTRY)
