"""The audit of individual views in ``oidc`` mode: once per view, visible to the subject."""

from __future__ import annotations

from pathlib import Path

from collectors.config import load_config
from collectors.store import open_store
from dashboard import data

from .conftest import PAGES, App, signed_in


def views(config: Path) -> list[tuple[str, str, str]]:
    """(viewer, subject, page) of every audit row, oldest first."""
    store = open_store(load_config(config).store_url())
    rows = [
        (str(row.viewer), subject, str(row.page))
        for subject in ("juno", "marlowe", "odile", "ravi")
        for row in store.views_of(subject).itertuples()
    ]
    store.dispose()
    return sorted(rows)


def pick(at, person: str) -> None:
    next(box for box in at.selectbox if box.label == "Person").set_value(person).run()


def test_each_view_of_another_person_is_recorded_once(app: App, own_oidc_config: Path) -> None:
    at = app(own_oidc_config, signed_in("marlowe"), "my_footprint")
    assert views(own_oidc_config) == []  # their own page is not audited
    pick(at, "juno")
    expected = [("marlowe", "juno", "My footprint")]
    assert views(own_oidc_config) == expected
    at.multiselect[0].set_value(at.multiselect[0].value[:1]).run()  # widget interactions: same view
    at.select_slider(key=data.PERIOD_KEY).set_value(("2026-09", "2026-10")).run()
    at.run()
    assert views(own_oidc_config) == expected
    at.switch_page(PAGES["team"]).run()  # aggregates are not audited
    assert views(own_oidc_config) == expected
    at.switch_page(PAGES["my_footprint"]).run()  # coming back is a new view (juno is remembered)
    expected.append(("marlowe", "juno", "My footprint"))
    assert views(own_oidc_config) == sorted(expected)
    at.switch_page(PAGES["packet"]).run()
    expected.append(("marlowe", "juno", "Promotion packet"))
    assert views(own_oidc_config) == sorted(expected)
    at.get("download_button")[0].click().run()
    expected.append(("marlowe", "juno", "Packet download"))
    assert views(own_oidc_config) == sorted(expected)
    pick(at, "ravi")
    expected.append(("marlowe", "ravi", "Promotion packet"))
    assert views(own_oidc_config) == sorted(expected)
    pick(at, "marlowe")  # back to themselves: not audited
    assert views(own_oidc_config) == sorted(expected)


def test_the_subject_sees_who_viewed_their_pages(app: App, own_oidc_config: Path) -> None:
    at = app(own_oidc_config, signed_in("juno"), "my_footprint")
    assert "Who viewed my pages" in [h.value for h in at.subheader]
    assert "Nobody else has opened" in "\n".join(c.value for c in at.caption)
    manager = app(own_oidc_config, signed_in("marlowe"), "packet")
    pick(manager, "juno")
    at.run()
    table = at.dataframe[-1].value
    assert list(table.columns) == ["at", "viewer", "page"]
    assert list(table["viewer"]) == ["Marlowe Tinderbox"] and list(table["page"]) == ["Promotion packet"]
    assert table["at"].notna().all()
    # a teammate who is not the subject never sees juno's audit trail
    odile = app(own_oidc_config, signed_in("odile"), "my_footprint")
    assert all("Marlowe" not in str(frame.value.to_dict()) for frame in odile.dataframe)


def test_open_mode_audits_nothing_and_shows_no_audit_section(app: App, own_oidc_config: Path) -> None:
    text = own_oidc_config.read_text("utf-8").replace('mode = "oidc"', 'mode = "open"')
    own_oidc_config.write_text(text, "utf-8")
    at = app(own_oidc_config, {}, "my_footprint")
    pick(at, "juno")
    at.switch_page(PAGES["packet"]).run()
    assert views(own_oidc_config) == []
    assert "Who viewed my pages" not in [h.value for h in at.subheader]
