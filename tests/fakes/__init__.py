"""Fake device APIs on loopback, reporting what a simulated heat pump does."""
