"""A finished matplotlib figure written as a PNG file atomically (a crash never leaves half a
picture that looks whole), its layout tightened and its memory freed."""

from __future__ import annotations

from pathlib import Path

from sim.core.atomic_files import atomic_file


def save_png(fig, path: Path, dpi: float | None = None) -> Path:
    import matplotlib.pyplot as plt  # the caller chose the backend before it drew

    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    with atomic_file(path) as tmp:
        fig.savefig(tmp, format="png", **({"dpi": dpi} if dpi is not None else {}))
    plt.close(fig)
    return path
