"""Scripts that measure swgtui and stress it (run them with python benchmarks/NAME.py)."""
