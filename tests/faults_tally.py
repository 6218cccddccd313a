"""A pytest plugin for ``scripts/faults``: every test's outcome and summary line.

Loaded with ``-p tests.faults_tally``; with ``HPM_FAULTS_TALLY`` set to a file path,
writes one JSON object per test (``nodeid``, ``summary``: the first line of its
docstring, ``outcome``: passed, failed or skipped, ``seconds``) when the session ends
(in the main process when pytest-xdist runs the tests).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

TALLY_ENV = "HPM_FAULTS_TALLY"
SUMMARY = "faults_summary"
"""The user property that carries a test's summary line to its reports."""

_records: dict[str, dict[str, Any]] = {}


def pytest_itemcollected(item: pytest.Item) -> None:
    """Attach the test's summary line (its docstring's first line) to its reports."""
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    item.user_properties.append((SUMMARY, doc.splitlines()[0] if doc else ""))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Fold the setup, call and teardown phases into one outcome."""
    record = _records.setdefault(
        report.nodeid,
        {"nodeid": report.nodeid, "summary": "", "outcome": "not run", "seconds": 0.0},
    )
    for name, value in report.user_properties:
        if name == SUMMARY:
            record["summary"] = value
    record["seconds"] += report.duration
    if report.failed:
        record["outcome"] = "failed"
    elif report.skipped and record["outcome"] != "failed":
        record["outcome"] = "skipped"
    elif report.when == "call" and record["outcome"] == "not run":
        record["outcome"] = "passed"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the records where ``HPM_FAULTS_TALLY`` says (not from xdist workers)."""
    path = os.environ.get(TALLY_ENV)
    if path and not hasattr(session.config, "workerinput"):
        Path(path).write_text(json.dumps(list(_records.values())), encoding="utf-8")
