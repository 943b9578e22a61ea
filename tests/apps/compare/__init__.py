"""Comparisons of policies (sim/apps/compare/)."""
