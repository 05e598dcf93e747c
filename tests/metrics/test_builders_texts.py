"""The scenario texts mean what the scenario tests assume (guards the tests against classifier changes)."""

from metrics.textclass import classify
from tests.metrics import builders as b


def test_texts_have_the_classes_the_scenarios_rely_on() -> None:
    assert classify(b.DEFECT).label == "defect"
    assert classify(b.QUESTION).label == "question"
    assert classify(b.PRAISE).label == "praise"
    assert {"suggestion", "explanation"} <= classify(b.MENTOR).cues
    assert classify(b.DESIGN).label == "design"
    assert classify(b.MAINTAIN).label == "maintainability"
    assert "risk" in classify(b.RISK).cues
    assert "status_update" in classify(b.STATUS).cues
    plain = classify(b.PLAIN)
    assert plain.label in ("other", "maintainability") and not plain.cues
    assert classify(b.ANSWER).label != "other"  # an answer with content
