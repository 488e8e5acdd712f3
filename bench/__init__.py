"""Benchmarks at community scale: ``python -m bench.run`` (or ``make bench``)."""
