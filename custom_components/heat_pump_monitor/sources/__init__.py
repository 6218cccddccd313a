"""Sources: what turns a device (or a simulation) into normalised samples."""

from .base import Source, SourceDevice

__all__ = ["Source", "SourceDevice"]
