"""The benchmark: the naive road against kggraph's fast road, stage by stage, at several sizes.

Run ``python -m benchmarks`` (see :mod:`benchmarks.__main__`); ``python -m
benchmarks.who_latency`` times ``kggraph who KD``.
"""
