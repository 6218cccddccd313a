"""The error-code detector and the code table."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.heat_pump_monitor.engine import (
    Engine,
    EventType,
    FindingKind,
    Sample,
    Severity,
)
from custom_components.heat_pump_monitor.engine.error_codes import (
    CodeClass,
    is_no_error,
    lookup,
)

from .helpers import T0, of_type, sample
from .signals_helpers import process_all


def _codes(codes: list[str | None]) -> list[Sample]:
    return [
        sample(T0 + timedelta(minutes=index), error_code=code)
        for index, code in enumerate(codes)
    ]


def test_refrigerant_code_is_critical_at_once_and_clears_after_three_clean_samples() -> (
    None
):
    engine = Engine()
    events = process_all(engine, _codes([None, "U2", "U2", None, None, None]))
    raised, cleared = events
    assert raised.type is EventType.FINDING_RAISED
    finding = raised.finding
    assert finding is not None
    assert finding.kind is FindingKind.ERROR_CODE
    assert finding.severity is Severity.CRITICAL
    assert raised.time == T0 + timedelta(minutes=2)
    assert finding.evidence == {
        "code": "U2",
        "meaning": lookup("U2").meaning,
        "technician_only": True,
        "first_seen_at": (T0 + timedelta(minutes=1)).isoformat(),
    }
    assert cleared.type is EventType.FINDING_CLEARED
    assert cleared.time == T0 + timedelta(minutes=6)


def test_one_clean_sample_does_not_clear() -> None:
    engine = Engine()
    events = process_all(engine, _codes(["E6", None, "E6", None]))
    assert [event.type for event in events] == [EventType.FINDING_RAISED]
    assert events[0].finding is not None
    assert events[0].finding.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("code", "code_class"),
    [
        ("U1", CodeClass.REFRIGERANT),
        ("Mitsubishi U2", CodeClass.REFRIGERANT),
        ("error: UL", CodeClass.REFRIGERANT),
        ("P8", CodeClass.REFRIGERANT),
        ("U4", CodeClass.FAULT),
        ("ecobee 1004", CodeClass.FAULT),
        ("1005", CodeClass.FAULT),
        ("Heat pump heating problem", CodeClass.FAULT),
        ("ecobee:1002", CodeClass.REFRIGERANT),
        ("1009", CodeClass.ADVISORY),
        ("auxOutdoor", CodeClass.ADVISORY),
        ("airFilter", CodeClass.MAINTENANCE),
        ("Air Filter", CodeClass.MAINTENANCE),
        ("venstar lockout", CodeClass.FAULT),
        ("Service", CodeClass.MAINTENANCE),
        ("XYZ-42", CodeClass.FAULT),
    ],
)
def test_code_table(code: str, code_class: CodeClass) -> None:
    assert lookup(code).code_class is code_class


def test_unknown_and_no_error_texts() -> None:
    assert lookup("XYZ-42").meaning == "unknown code"
    assert is_no_error("No Error")
    assert is_no_error("A0")
    assert not is_no_error("U2")
    engine = Engine()
    assert process_all(engine, _codes(["No Error", "", "none"])) == []


def test_maintenance_reminder_is_a_warning() -> None:
    engine = Engine()
    (raised,) = of_type(
        process_all(engine, _codes(["Air Filter"])), EventType.FINDING_RAISED
    )
    assert raised.finding is not None
    assert raised.finding.severity is Severity.WARNING
    assert raised.finding.evidence["technician_only"] is False
