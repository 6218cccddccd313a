"""A user's first hour with Heat Pump Monitor, in headless Chromium.

The tests run in file order on one page, each continuing where the previous one left
off: log in, add a simulated heat pump through the config flow, look at its device
page until the injected fault is found, read the repair, then open the example
dashboard (examples/dashboard.yaml, loaded by scripts/e2e) on that system. They assert on what the
user sees: headings, form labels, entity names and their values, the repair's text.
Home Assistant's frontend is built from web components; Playwright's role and text
locators pierce their open shadow roots.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
import time

from playwright.sync_api import Locator, Page, expect

from .conftest import HomeAssistantUnderTest, Screenshot

STRINGS = (
    Path(__file__).parent.parent
    / "custom_components"
    / "heat_pump_monitor"
    / "strings.json"
)
MENU_OPTIONS: dict[str, str] = json.loads(STRINGS.read_text(encoding="utf-8"))[
    "config"
]["step"]["user"]["menu_options"]
SYSTEM_NAME = "Demo heat pump"
FAULT = "Defrost stuck"  # the option's label in the form
FAULT_START_H = "0.5"
# 600 simulated seconds per real second: the stuck defrost outlasts the engine's
# 15-minute limit a few real seconds after the fault starts.
SPEED = "600"
REPAIR_TITLE = f"Defrost not ending on {SYSTEM_NAME}"
# From setup to the repair: seconds at this speed; the limit leaves room for a slow CI.
REPAIR_TIMEOUT_MS = 240_000
CONFIG_FLOW_HEIGHT = 1100
DEVICE_PAGE_HEIGHT = 1400
DASHBOARD_HEIGHT = 1200
DASHBOARD = "Heat pump"  # its title in the sidebar (scripts/e2e)
DASHBOARD_CARDS = (
    "Now",
    "Today",
    "What it has learned",
    "Temperatures (last 3 min)",
    "Operating mode and defrost (last 3 min)",
    "Runtime per day",
    "Defrosts and findings",
)
HISTORY_S = 180.0
"""The dashboard's history graphs span 3 minutes (scripts/e2e): wait until the system
has that much history, so the screenshot shows full graphs."""
_ADDED_AT: dict[str, float] = {}
"""When the system was added (time.monotonic())."""


def entity_row(page: Page, name: str) -> Locator:
    """Return the row of the device page that shows the entity called ``name``."""
    return page.locator("hui-generic-entity-row").filter(
        has=page.locator(".info").get_by_text(name, exact=True)
    )


def repair_item(page: Page) -> Locator:
    """Return the row of the repairs list for the injected fault.

    Its text is slotted into ha-md-list-item, outside the element with the listitem
    role, so the row is found by its custom element rather than by role.
    """
    return page.locator("ha-config-repairs ha-md-list-item").filter(
        has_text=REPAIR_TITLE
    )


def open_settings(page: Page, item: str) -> None:
    """Sidebar > Settings > ``item`` (a menu entry of the Settings page)."""
    page.get_by_role("option", name="Settings").first.click()
    page.get_by_role("menuitem", name=item).click()


def test_login_page_signs_the_owner_in(
    page: Page, home_assistant: HomeAssistantUnderTest
) -> None:
    """Opening Home Assistant shows its login page; the owner's login opens it."""
    page.goto(home_assistant.url)
    page.wait_for_url("**/auth/authorize?**")
    expect(page.get_by_role("heading", name="Welcome home!")).to_be_visible()
    page.get_by_role("textbox", name="Username").fill(home_assistant.username)
    page.get_by_role("textbox", name="Password").fill(home_assistant.password)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("option", name="Settings").first).to_be_visible()
    assert "/auth/" not in page.url


def test_config_flow_adds_a_simulated_heat_pump(
    page: Page, screenshot: Screenshot
) -> None:
    """Settings > Devices & services > Add integration > Heat Pump Monitor."""
    open_settings(page, "Devices & services")
    page.wait_for_url("**/config/integrations/dashboard")
    page.get_by_role("button", name="Add integration").click()
    page.get_by_role("textbox", name="Search for a brand name").fill(
        "Heat Pump Monitor"
    )
    page.locator("ha-integration-list-item").filter(
        has_text="Heat Pump Monitor"
    ).click()

    # The first step is a menu of sources.
    expect(page.get_by_role("heading", name="Add a heat pump system")).to_be_visible()
    for source in MENU_OPTIONS.values():  # every source the integration offers
        expect(page.get_by_text(source, exact=True)).to_be_visible()
    page.get_by_text("Simulated heat pump (no hardware needed)").click()

    # The simulated system's form, with its defaults.
    expect(page.get_by_role("heading", name="Simulated heat pump")).to_be_visible()
    name = page.get_by_role("textbox", name="Name")
    expect(name).to_have_value("Simulated heat pump")
    expect(page.get_by_role("combobox", name="Climate")).to_contain_text(
        "Cold (winter around \N{MINUS SIGN}3 °C)"
    )
    fault = page.get_by_role("combobox", name="Fault to inject")
    expect(fault).to_contain_text("None: a healthy system")

    name.fill(SYSTEM_NAME)
    fault.click()
    page.get_by_role("option", name=FAULT, exact=True).click()
    expect(fault).to_contain_text(FAULT)
    page.get_by_role("spinbutton", name="Fault starts after").fill(FAULT_START_H)
    speed = page.get_by_role("spinbutton", name="Simulation speed")
    speed.fill(SPEED)
    # Tall enough for the whole form, from its title to Submit.
    screenshot(page, "config-flow", height=CONFIG_FLOW_HEIGHT)
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("heading", name="Success!")).to_be_visible()
    _ADDED_AT["system"] = time.monotonic()
    expect(
        page.get_by_text(f"Created configuration for {SYSTEM_NAME}.")
    ).to_be_visible()
    expect(
        page.get_by_text("Simulated air-source heat pump (cold)").first
    ).to_be_visible()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Success!")).to_be_hidden()

    # Home Assistant then shows the integration's page with the new entry.
    page.wait_for_url("**/config/integrations/integration/heat_pump_monitor**")
    expect(page.get_by_role("heading", name="Hubs")).to_be_visible()
    expect(page.get_by_text(SYSTEM_NAME, exact=True)).to_be_visible()


def test_device_page_shows_live_readings_then_the_fault(
    page: Page, screenshot: Screenshot
) -> None:
    """The new entry's device link opens its page, whose sensors show the system."""
    page.get_by_role("link", name="1 device").first.click()
    page.wait_for_url("**/config/devices/device/**")

    expect(page.get_by_role("heading", name="Device info")).to_be_visible()
    expect(page.get_by_text(SYSTEM_NAME, exact=True).first).to_be_visible()
    expect(page.get_by_text("Simulated air-source heat pump (cold)")).to_be_visible()
    expect(page.get_by_text("by Heat Pump Monitor")).to_be_visible()

    temperature = re.compile(r"-?\d+(\.\d)? °F")
    for name in (
        "Indoor temperature",
        "Outdoor temperature",
        "Supply air temperature",
        "Return air temperature",
    ):
        expect(entity_row(page, name)).to_contain_text(temperature)
    runtime = re.compile(r"\d+h")
    for name in ("Compressor heating runtime today", "Fan runtime today"):
        expect(entity_row(page, name)).to_contain_text(runtime)
    expect(entity_row(page, "Compressor cycles today")).to_contain_text(
        re.compile(r"\d+")
    )
    expect(entity_row(page, "Online")).to_contain_text("Connected")
    expect(entity_row(page, "Operating mode")).to_contain_text(
        re.compile("Heating|Defrost|Backup heat|Idle")
    )

    # The fault starts half a simulated hour in; the page updates live.
    needs_attention = entity_row(page, "Needs attention")
    expect(needs_attention).to_contain_text("Problem", timeout=REPAIR_TIMEOUT_MS)
    expect(entity_row(page, "Operating mode")).to_contain_text("Defrost")
    expect(entity_row(page, "Defrost")).to_contain_text("Running")
    # Tall enough for the device's card and every sensor.
    screenshot(page, "device-page", height=DEVICE_PAGE_HEIGHT)


def test_repairs_dashboard_lists_the_fault(page: Page, screenshot: Screenshot) -> None:
    """Settings > System > Repairs lists the finding, reported by the integration."""
    open_settings(page, "System")
    page.get_by_role("menuitem", name="Repairs").click()
    page.wait_for_url("**/config/repairs")

    # The repair may follow "Needs attention" by a poll or two; the list updates live.
    repair = repair_item(page)
    expect(repair).to_be_visible(timeout=REPAIR_TIMEOUT_MS)
    expect(repair).to_contain_text("by Heat Pump Monitor")
    expect(repair).to_contain_text("Error")
    screenshot(page, "repairs")


def test_repair_dialog_says_what_to_check_and_what_to_tell_a_technician(
    page: Page, screenshot: Screenshot
) -> None:
    """The repair opens as a dialog with the evidence and the safe checks."""
    repair_item(page).click()

    # The dialog's text is slotted into ha-md-dialog, outside its role="dialog"
    # element; the repair dialog's own element holds all of it.
    dialog = page.locator("dialog-repairs-issue")
    expect(dialog).to_contain_text(REPAIR_TITLE)
    expect(dialog).to_contain_text("Reported by Heat Pump Monitor")
    expect(dialog).to_contain_text(
        re.compile(rf"{SYSTEM_NAME} has been in defrost for \d+ (h|min)")
    )
    expect(dialog).to_contain_text(re.compile(r"with outdoor air at -?\d+(\.\d)? °F"))
    expect(dialog).to_contain_text("A normal defrost ends within about 10 minutes.")
    expect(page.get_by_text("What you can safely check")).to_be_visible()
    expect(page.get_by_text("When to call a licensed HVAC technician")).to_be_visible()
    expect(dialog).to_contain_text("Give the technician this evidence: a defrost of")
    expect(page.get_by_role("button", name="Ignore")).to_be_visible()
    screenshot(page, "repair-dialog")


def test_example_dashboard_shows_the_system(page: Page, screenshot: Screenshot) -> None:
    """The sidebar's "Heat pump" dashboard: every card, no entity missing."""
    page.keyboard.press("Escape")  # close the repair's dialog
    page.get_by_role("option", name=DASHBOARD, exact=True).first.click()
    page.wait_for_url("**/heat-pump/heat-pump")

    view = page.locator("hui-masonry-view")
    for title in DASHBOARD_CARDS:
        expect(view.get_by_text(title, exact=True)).to_be_visible()
    expect(view.locator("hui-tile-card")).to_contain_text("Defrost")
    now = view.locator("hui-entities-card").filter(
        has=page.get_by_text("Now", exact=True)
    )
    expect(now).to_contain_text("Needs attention")
    expect(now).to_contain_text("Problem")
    today = view.locator("hui-entities-card").filter(
        has=page.get_by_text("Today", exact=True)
    )
    expect(today).to_contain_text("Compressor heating")
    expect(today).to_contain_text(re.compile(r"\d+h \d+m"))
    # A card naming an entity that does not exist shows a warning instead.
    expect(view.locator("hui-warning")).to_have_count(0)
    expect(view.get_by_text("Entity not available")).to_have_count(0)

    if (wait_s := _ADDED_AT["system"] + HISTORY_S - time.monotonic()) > 0:
        page.wait_for_timeout(wait_s * 1000)
    # Charts skip their drawing animation (which Playwright cannot pause) when the
    # browser asks for reduced motion; the reload has the graphs load their window.
    page.emulate_media(reduced_motion="reduce")
    page.reload()
    for title in DASHBOARD_CARDS:
        expect(view.get_by_text(title, exact=True)).to_be_visible()
    # Tall enough for every card of the three columns.
    screenshot(page, "dashboard", height=DASHBOARD_HEIGHT)
