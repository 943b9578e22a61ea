"""Sweeps (sim/apps/sweep/)."""
