"""The benchmark of issue 13: `make bench` runs bench/run.py."""
