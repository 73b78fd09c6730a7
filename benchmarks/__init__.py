"""Benchmarks and synthetic data: outside the installed packages, run by `qifutong bench …`
from a checkout of the project."""
