"""What officers do on the desk's dossier page, shared by the browser journeys."""

from __future__ import annotations

from playwright.sync_api import expect


def open_action(page, action: str):
    """The action's panel on the dossier page, opened (a click on its summary, unless it is open already)."""
    panel = page.locator(f"details.dx-action-{action}")
    page.wait_for_load_state("load")  # the page's script is in place before the click (a loaded machine is slow)
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    # A click can land while a loaded machine still lays the page out; clicking again until it reads open could
    # close it again (CI once clicked a checkbox in a panel that closed under it). Opening is idempotent.
    panel.evaluate("d => { d.open = true; }")
    expect(panel).to_have_attribute("open", "")
    return panel


def act_on_dossier(page, action: str, **fields) -> None:
    """Open the action's panel on the dossier page, type its fields (by element id suffix) and submit; returns once
    the answer (the dossier page again, or its error) has loaded."""
    panel = open_action(page, action)
    for suffix, value in fields.items():
        panel.locator(f"#f-{action}-{suffix}").fill(value)
    # The form is sent by its own button (requestSubmit: the browser's validation and the button's name and
    # value, as a click), and the wait is for that POST's answer and the page it leads to: a click, or a key,
    # could land while a loaded machine still laid the page out, and a navigation alone could be another one.
    button = panel.locator("button[type=submit]")
    with page.expect_navigation(), page.expect_response(lambda r: r.request.method == "POST"):
        button.evaluate("b => b.form.requestSubmit(b)")
