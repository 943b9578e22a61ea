"""Drills (sim/apps/drill/)."""
