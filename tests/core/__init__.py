"""Foundations (sim/core/): files, distributions, entity draws, the KPI registry, roads."""
