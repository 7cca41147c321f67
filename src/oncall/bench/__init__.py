"""Benchmarks behind `oncall bench`."""
