"""Benchmarks: each prints one JSON line with its figures, a baseline from the same run, and the ratio."""
