"""Demo-only Home Assistant components (loaded by scripts/demo, never shipped)."""
