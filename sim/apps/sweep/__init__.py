"""Parameter sweeps of the town model: specs, designs, a resumable runner on a local
process pool or a Dask cluster, and summaries (tables, plots, sensitivity indices).

Names are imported on first use, so a worker process that only runs models does not pay
for matplotlib and SALib.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "load_results": "sim.apps.sweep.results",
    "to_ema_workbench": "sim.apps.sweep.results",
    "run_sweep": "sim.apps.sweep.runner",
    "summarize": "sim.apps.sweep.summary",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sim.apps.sweep' has no attribute {name!r}")
