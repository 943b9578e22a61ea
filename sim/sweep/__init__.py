"""Parameter sweeps of the town model: specs, designs, a resumable runner on a local
process pool or a Dask cluster, and summaries (tables, plots, sensitivity indices)."""

from sim.sweep.results import load_results, to_ema_workbench
from sim.sweep.runner import run_sweep
from sim.sweep.summary import summarize

__all__ = ["load_results", "to_ema_workbench", "run_sweep", "summarize"]
