"""Sources: what turns a device (or a simulation) into normalised samples."""

from .base import Source, SourceDevice, SourceUnavailable

__all__ = ["Source", "SourceDevice", "SourceUnavailable"]
