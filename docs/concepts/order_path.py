"""Draws `order-path.svg`, the path of an order from a household's need to its door, for
`docs/concepts/model.md`: the agents an order passes, the stages of its lead time beside them
and the timestamps of the order log that bound each stage.

    python docs/concepts/order_path.py      # rewrites docs/concepts/order-path.svg

No figures from a run: the stages' lengths in the drawing are not to scale. The SVG is written
with a fixed hash salt and no date, so drawing it again gives the same file.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle  # noqa: E402

OUT = Path(__file__).with_name("order-path.svg")

# Okabe-Ito colours (readable by colour-blind readers), one per resource the order waits for
STORE_CLOSED, PICKERS, COURIERS, GATE = "#999999", "#E69F00", "#56B4E9", "#009E73"
INK, NOTE, BOX, SIDE = "#222222", "#666666", "#F4F4F4", "#FFFFFF"

MAIN_X, MAIN_W, BOX_H = 2.75, 3.4, 0.98
SIDE_X, SIDE_W = 0.05, 2.25

# the order's agents, top to bottom: (y centre, title, what happens, what can go wrong)
STEPS = [
    (10.0, "Household", "a food runs low: an order is due;\nthe basket tops up what it lacks",
     "phone or volunteer for those not online"),
    (8.55, "Ordering platform", "places the order; the routing\npolicy picks a store of the kind",
     "every store full today: tries again tomorrow"),
    (7.1, "Store", "its pickers' queue, in opening hours;\npicked from the shelf",
     "nothing on the shelf: cancelled"),
    (5.65, "Delivery group", "a batch per store and village, sent\nwhen full or its oldest has waited",
     "then the longest idle courier able to carry it"),
    (4.2, "Courier (whitelisted)", "loads, rides store to gate,\nhands the batch over",
     "a closed road: held until it reopens"),
    (2.75, "Gate volunteers", "sort the goods, carry them\nto the doors in rounds", "on duty hours, in turns"),
    (1.3, "Household's door", "delivered: the pantry is filled,\nthe next order planned", ""),
]

# the lead time's stages (the `lead_time_share_<stage>` KPIs): (from y, to y, name, colour)
STAGES = [
    (8.55, 7.75, "waiting_for_opening", STORE_CLOSED),
    (7.75, 6.95, "waiting_for_picker", PICKERS),
    (6.95, 6.375, "picking", PICKERS),
    (6.375, 5.65, "batching", COURIERS),
    (5.65, 4.925, "waiting_for_courier", COURIERS),
    (4.925, 3.475, "courier_trip", COURIERS),
    (3.475, 1.79, "at_gate", GATE),
]
# the order log's timestamps (orders.parquet) at the stages' bounds
STAMPS = [(8.55, "placed_minute"), (6.95, "pick_start_minute"), (6.375, "picked_minute"),
          (5.65, "batch_ready_minute"), (4.925, "dispatched_minute"), (3.475, "gate_minute"),
          (1.79, "delivered_minute")]
BAR_X, BAR_W = 7.75, 0.22


def box(ax, x, y, w, h, face, edge=INK, dashed=False):
    ax.add_patch(FancyBboxPatch((x, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=face, edgecolor=edge, linewidth=1.1,
                                linestyle="--" if dashed else "-"))


def arrow(ax, start, end, colour=INK, dashed=False, rad=0.0):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=13, color=colour,
                                 linewidth=1.2, linestyle="--" if dashed else "-",
                                 connectionstyle=f"arc3,rad={rad}", shrinkA=2, shrinkB=2))


def main_flow(ax):
    centre = MAIN_X + MAIN_W / 2
    for i, (y, title, body, note) in enumerate(STEPS):
        box(ax, MAIN_X, y, MAIN_W, BOX_H, BOX)
        ax.text(centre, y + 0.31, title, ha="center", va="center", fontsize=12, weight="bold", color=INK)
        ax.text(centre, y + 0.02, body, ha="center", va="center", fontsize=9.6, color=INK, linespacing=1.15)
        if note:
            ax.text(centre, y - 0.34, note, ha="center", va="center", fontsize=8.6, style="italic", color=NOTE)
        if i + 1 < len(STEPS):
            arrow(ax, (centre, y - BOX_H / 2), (centre, STEPS[i + 1][0] + BOX_H / 2))


def side_inputs(ax):
    """The command centre, which opens the channel, and the supply that fills the shelves or
    comes to the gate in bulk."""
    box(ax, SIDE_X, 10.0, SIDE_W, 1.15, SIDE, dashed=True)
    ax.text(SIDE_X + SIDE_W / 2, 10.3, "Command centre", ha="center", va="center", fontsize=11, weight="bold")
    ax.text(SIDE_X + SIDE_W / 2, 9.88, "seals the village, sets up\nthe groups, assigns stores\n"
            "from the ledger, publishes", ha="center", va="center", fontsize=8.8, linespacing=1.1)
    arrow(ax, (SIDE_X + SIDE_W, 10.0), (MAIN_X, 10.0), dashed=True)
    ax.text(SIDE_X + SIDE_W / 2, 9.25, "opens the channel: households\nof the village may order",
            ha="center", va="top", fontsize=8.2, color=NOTE)

    y = 5.0
    box(ax, SIDE_X, y, SIDE_W, 1.3, SIDE, dashed=True)
    ax.text(SIDE_X + SIDE_W / 2, y + 0.38, "Suppliers, depot", ha="center", va="center", fontsize=11,
            weight="bold")
    ax.text(SIDE_X + SIDE_W / 2, y - 0.12, "goods move only as\nshipments, by trucks\nin delivery hours",
            ha="center", va="center", fontsize=8.8, linespacing=1.1)
    arrow(ax, (SIDE_X + SIDE_W * 0.7, y + 0.65), (MAIN_X, 7.0), dashed=True, rad=-0.25)
    ax.text(1.2, 6.55, "restock: overnight\nand on low shelves", ha="center", va="center", fontsize=8.2,
            color=NOTE)
    arrow(ax, (SIDE_X + SIDE_W * 0.7, y - 0.65), (MAIN_X, 2.85), dashed=True, rad=0.25)
    ax.text(0.95, 3.35, "group pallets, pushed packs:\nno store, no courier", ha="center", va="center",
            fontsize=8.2, color=NOTE)


def lead_time(ax):
    """The bar of stages beside the flow, the order log's timestamps at their bounds."""
    for top, bottom, name, colour in STAGES:
        ax.add_patch(Rectangle((BAR_X, bottom), BAR_W, top - bottom, facecolor=colour, edgecolor="white",
                               linewidth=1.0))
        ax.text(BAR_X + BAR_W + 0.12, (top + bottom) / 2, name, ha="left", va="center", fontsize=9.6,
                family="monospace", color=INK)
    for y, stamp in STAMPS:
        ax.plot([MAIN_X + MAIN_W + 0.05, BAR_X - 0.05], [y, y], color="#BBBBBB", linewidth=0.7,
                linestyle=":")
        ax.text(BAR_X - 0.1, y + 0.07, stamp, ha="right", va="bottom", fontsize=8.2, family="monospace",
                color=NOTE)
    ax.text(BAR_X + BAR_W / 2, 9.05, "lead time", ha="center", va="bottom", fontsize=11, weight="bold")
    ax.text(BAR_X + BAR_W / 2, 8.82, "its stages (lead_time_share_…)", ha="center", va="bottom",
            fontsize=8.2, color=NOTE)
    legend = [(STORE_CLOSED, "the store to open (night)"), (PICKERS, "the store's pickers"),
              (COURIERS, "the batch, a courier, the trip"), (GATE, "the gate's volunteers")]
    for i, (colour, words) in enumerate(legend):
        y = 0.95 - i * 0.27
        ax.add_patch(Rectangle((BAR_X - 0.6, y - 0.08), 0.18, 0.16, facecolor=colour, edgecolor="none"))
        ax.text(BAR_X - 0.35, y, words, ha="left", va="center", fontsize=8.8, color=INK)
    ax.text(BAR_X - 0.6, 1.3, "waiting for", ha="left", va="center", fontsize=8.8, weight="bold", color=INK)


def draw(out: Path = OUT) -> Path:
    plt.rcParams["svg.hashsalt"] = "order-path"
    plt.rcParams["font.family"] = "DejaVu Sans"
    fig = plt.figure(figsize=(9.9, 10.4))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 9.9)
    ax.set_ylim(0.05, 10.75)
    ax.axis("off")
    main_flow(ax)
    side_inputs(ax)
    lead_time(ax)
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(draw())
