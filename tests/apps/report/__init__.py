"""The run report (sim/apps/report/)."""
