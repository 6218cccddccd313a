"""Property-based fuzzing of every parser (hypothesis)."""
