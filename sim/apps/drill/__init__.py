"""Drills: inject lists played against the town model, decisions at the table, replay and
branch, and an after-action report."""
