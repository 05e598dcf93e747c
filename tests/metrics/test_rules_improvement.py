"""Scenario tests of the improvement rules: tooling PRs and retrospectives."""

from tests.metrics.builders import World, rows, run


def test_tooling_prs_match_the_configured_globs() -> None:
    w = World()
    w.pr("bob", 1, paths=[".github/workflows/ci.yml", "src/app.py"])
    w.pr("ada", 2, paths=["Makefile", "scripts/a.sh", "scripts/b.sh", "scripts/c.sh"])
    w.pr("cy", 3, paths=["src/app.py", "src/Makefile.py"], repo="acme/web")
    w.pr("dee", 4, paths=["Makefile"], state="CLOSED", repo="acme/web")  # abandoned
    w.pr("dependabot[bot]", 5, paths=[".github/dependabot.yml"])
    assert rows(run(w), "improvement.tooling_pr") == [
        ("bob", "changed team tooling in acme/payments#1: .github/workflows/ci.yml"),
        ("ada", "changed team tooling in acme/payments#2: Makefile, scripts/a.sh, scripts/b.sh and 1 more"),
    ]
    custom = run(w, behaviours={"tooling_paths": ["src/**"]})
    assert [person for person, _ in rows(custom, "improvement.tooling_pr")] == ["bob", "cy"]


def test_retro_facilitation_items_and_actions() -> None:
    w = World()
    retro = w.retro("ada", 7)
    w.retro_item(retro, "bob", 0)
    w.retro_item(retro, "acme-ci[bot]", 0)
    w.retro_action(retro, "ada", 0, owner="cy", done=True)
    w.retro_action(retro, "ada", 0, owner="Bob", done=False)
    w.retro_action(retro, "ada", 0, owner=None, done=True)  # nobody owns it
    metrics = run(w)
    assert rows(metrics, "improvement.retro_facilitation") == [
        ("ada", "facilitated the retro acme/payments#7")
    ]
    assert rows(metrics, "improvement.retro_item") == [("bob", "raised a point in the retro acme/payments#7")]
    assert rows(metrics, "improvement.retro_action_owner") == [
        ("bob", "owns an open action from the retro acme/payments#7")  # cy's is closed: done, below
    ]
    assert rows(metrics, "improvement.retro_action_done") == [
        ("cy", "closed an action from the retro acme/payments#7")
    ]
