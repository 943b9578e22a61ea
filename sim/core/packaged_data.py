"""Files the commands need that ship inside the package, so that `rehearse run` without a
scenario works from any folder after `pip install`, not only from a checkout.

In a checkout `sim/data/beizang-2022.toml` is a link to `experiments/beizang-2022.toml`, the one
copy people read and edit; a built package carries the file itself.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DEFAULT_SCENARIO = "beizang-2022.toml"


def default_scenario_path() -> Path:
    """The default scenario (Beizang, November 2022): `experiments/beizang-2022.toml` in a
    checkout, the packaged copy in an installed package."""
    return Path(str(files("sim") / "data" / DEFAULT_SCENARIO)).resolve()
