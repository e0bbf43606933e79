"""Benchmarks: each prints one JSON line with figures, a same-run baseline and the ratio."""
