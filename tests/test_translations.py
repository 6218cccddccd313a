"""Translations: complete, in sync, and used."""

from __future__ import annotations

import json
from pathlib import Path

from custom_components.heat_pump_monitor.binary_sensor import BINARY_SENSORS
from custom_components.heat_pump_monitor.button import BUTTONS
from custom_components.heat_pump_monitor.engine.findings import FindingKind
from custom_components.heat_pump_monitor.engine.status import OperatingMode
from custom_components.heat_pump_monitor.options import OPTION_SECTIONS
from custom_components.heat_pump_monitor.sensor import SENSORS
from custom_components.heat_pump_monitor.simulator import FaultKind

PACKAGE = Path(__file__).parent.parent / "custom_components" / "heat_pump_monitor"


def _load(name: str) -> dict:
    return json.loads((PACKAGE / name).read_text(encoding="utf-8"))


def test_english_translation_equals_strings() -> None:
    """translations/en.json is strings.json."""
    assert _load("translations/en.json") == _load("strings.json")


def test_every_entity_has_a_name_and_icon_keys_exist() -> None:
    """Each description's translation key is translated; icons name real keys."""
    entity = _load("strings.json")["entity"]
    for platform, descriptions in (
        ("sensor", SENSORS),
        ("binary_sensor", BINARY_SENSORS),
        ("button", BUTTONS),
    ):
        keys = {description.translation_key for description in descriptions}
        assert keys == set(entity[platform]), platform
        icons = _load("icons.json")["entity"].get(platform, {})
        assert set(icons) <= keys, platform
    states = entity["sensor"]["operating_mode"]["state"]
    assert set(states) == {mode.value for mode in OperatingMode}


def test_every_option_is_labelled() -> None:
    """The options form has a name per section and a label and description per threshold."""
    sections = _load("strings.json")["options"]["step"]["init"]["sections"]
    assert set(sections) == {*OPTION_SECTIONS, "notifications"}
    assert sections["notifications"]["data"]["notify_services"]
    for name, fields in OPTION_SECTIONS.items():
        keys = {field.key for field in fields}
        assert sections[name]["name"], name
        assert set(sections[name]["data"]) == keys, name
        assert set(sections[name]["data_description"]) == keys, name


def test_every_finding_kind_and_fault_is_translated() -> None:
    """Each finding kind has a repair text; each simulator fault a scenario name."""
    strings = _load("strings.json")
    assert set(strings["issues"]) == {kind.value for kind in FindingKind} | {
        "state_reset",  # saved state unreadable (a notice, no finding)
        "entity_missing",  # the bridge's missing entity (a fix flow, no finding)
    }
    for kind, texts in strings["issues"].items():
        assert texts["title"] and texts["description"], kind
    scenarios = strings["selector"]["scenario"]["options"]
    assert set(scenarios) == {"none", *(fault.value for fault in FaultKind)}
