"""Plots and a self-contained HTML report for any run folder (runs and drills alike)."""

from sim.apps.report.run_report import write_run_report

__all__ = ["write_run_report"]
