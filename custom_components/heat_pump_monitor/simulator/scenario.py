"""Write a simulated trace and its labels sidecar."""

from __future__ import annotations

from datetime import timedelta
import json
from pathlib import Path

from ..engine.trace import write_trace
from .config import SimulationConfig
from .simulation import Simulation


def labels_path(csv_path: Path) -> Path:
    """Where the labels of a trace go: ``NAME.labels.json`` beside ``NAME.csv``."""
    stem = csv_path.stem if csv_path.suffix.lower() == ".csv" else csv_path.name
    return csv_path.with_name(f"{stem}.labels.json")


def write_scenario(
    csv_path: Path, config: SimulationConfig, duration: timedelta
) -> int:
    """Simulate ``duration`` from the start of ``config`` into a trace and its labels.

    Returns the number of rows written.
    """
    simulation = Simulation(config)
    with csv_path.open("w", encoding="utf-8", newline="") as stream:
        rows = write_trace(stream, simulation.run(duration))
    labels = json.dumps(simulation.labels(), indent=2)
    labels_path(csv_path).write_text(labels + "\n", encoding="utf-8")
    return rows
