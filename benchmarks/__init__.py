"""`make bench`: benchmarks on generated data, each figure a ratio to a baseline measured in the same run."""
