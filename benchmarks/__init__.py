"""Benchmarks that need Home Assistant (run by scripts/bench-load)."""
