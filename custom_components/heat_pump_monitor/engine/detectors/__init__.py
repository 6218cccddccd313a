"""Detectors: one symptom each, all of the shape of ``base.Detector``."""

from __future__ import annotations

from .base import Condition, Detector, Observation
from .defrost_stuck import DefrostStuckDetector
from .offline import OfflineDetector
from .short_cycling import ShortCyclingDetector

__all__ = [
    "Condition",
    "DefrostStuckDetector",
    "Detector",
    "Observation",
    "OfflineDetector",
    "ShortCyclingDetector",
]
