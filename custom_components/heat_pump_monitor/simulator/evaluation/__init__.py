"""Scoring of the engine against simulated faults: the scenario suite and evaluate.

``python -m custom_components.heat_pump_monitor.simulator.evaluation --help`` (or
``scripts/evaluate``) generates the suite (cached), replays every trace through the
engine and prints recall, precision, time to detect, false alarms per healthy
system-year and the quality of inferred defrosts.
"""
