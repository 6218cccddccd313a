"""End-to-end test: a real browser on a real Home Assistant (run by scripts/e2e)."""
