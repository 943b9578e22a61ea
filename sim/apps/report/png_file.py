"""A finished matplotlib figure written as a PNG file atomically (a crash never leaves half a
picture that looks whole), its layout tightened and its memory freed."""

from __future__ import annotations

from pathlib import Path

from sim.core.atomic_files import atomic_file


def save_png(fig, path: Path, dpi: float | None = None, title_inches: float = 0.0) -> Path:
    """`title_inches`: room kept at the top for a figure title (`suptitle`), which the tightened
    layout would otherwise let the top row's panels run into."""
    import matplotlib.pyplot as plt  # the caller chose the backend before it drew

    path.parent.mkdir(parents=True, exist_ok=True)
    tighten(fig, title_inches)
    with atomic_file(path) as tmp:
        fig.savefig(tmp, format="png", **({"dpi": dpi} if dpi is not None else {}))
    plt.close(fig)
    return path


def tighten(fig, title_inches: float = 0.0) -> None:
    """The layout `save_png` gives a figure: tightened, below `title_inches` kept for its title."""
    fig.tight_layout(rect=(0, 0, 1, 1 - title_inches / fig.get_figheight()))
