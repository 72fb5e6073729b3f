"""Synthetic data of a whole province, for benchmarks and load tests (``regionpulse generate``).

SYNTHETIC DATA, NOT A LOADER: every name, code, date and amount is invented, under a province code
that no real division has. ``province.generate`` writes it; each app's share lives beside the
others here (``projects/generate.py`` keeps the major-project ledger).
"""
