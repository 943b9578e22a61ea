"""Property tests: invariants of the whole simulated world over random small towns."""
