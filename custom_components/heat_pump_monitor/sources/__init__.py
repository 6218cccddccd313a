"""Sources: what turns a device (or a simulation) into normalised samples."""

from .base import Source, SourceAuthFailed, SourceDevice, SourceUnavailable

__all__ = ["Source", "SourceAuthFailed", "SourceDevice", "SourceUnavailable"]
