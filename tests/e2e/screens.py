"""What officers do on the desk's dossier page, shared by the browser journeys."""

from __future__ import annotations


def act_on_dossier(page, action: str, **fields) -> None:
    """Open the action's panel on the dossier page, type its fields (by element id suffix) and submit; returns once
    the answer (the dossier page again, or its error) has loaded."""
    panel = page.locator(f"details.dx-action-{action}")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    for suffix, value in fields.items():
        panel.locator(f"#f-{action}-{suffix}").fill(value)
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
