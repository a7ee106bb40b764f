"""What officers do on the desk's dossier page, shared by the browser journeys."""

from __future__ import annotations


def open_action(page, action: str):
    """The action's panel on the dossier page, opened (a click on its summary, unless it is open already)."""
    panel = page.locator(f"details.dx-action-{action}")
    page.wait_for_load_state("load")  # the page's script is in place before the click (a loaded machine is slow)
    for _attempt in range(3):
        if panel.get_attribute("open") is not None:
            break
        panel.locator("summary").click()
        page.wait_for_timeout(200)
    return panel


def act_on_dossier(page, action: str, **fields) -> None:
    """Open the action's panel on the dossier page, type its fields (by element id suffix) and submit; returns once
    the answer (the dossier page again, or its error) has loaded."""
    panel = open_action(page, action)
    for suffix, value in fields.items():
        panel.locator(f"#f-{action}-{suffix}").fill(value)
    # Enter on the focused button, as a keyboard user submits: a mouse click can land beside it while a loaded
    # machine still lays the page out (the form was then never sent).
    with page.expect_navigation():
        panel.locator("button[type=submit]").press("Enter")
