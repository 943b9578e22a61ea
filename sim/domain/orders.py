"""Orders are plain records, not agents: they live while open and leave a row when closed."""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

NAN = math.nan

# What an order is for: it decides what the household does when the order closes.
FOOD = "food"          # the regular food order: its closing plans the next one
EXTRA = "extra"        # an extra food order (e.g. after a rumour): food only, no planning
PHARMACY = "pharmacy"  # a non-urgent pharmacy order
REFILL = "refill"      # a chronic-medicine refill ordered in time
PACK = "pack"          # a standard pack pushed to the household: food in, nothing asked for

# How an order reached the store or the door: through the app; by phone to the store; by a
# volunteer for a household that cannot order online; in a group leader's bulk order; as a
# pack pushed to every household of a sealed village.
CHANNELS = ("app", "phone", "volunteer", "group", "push_pack")
OFFLINE_CHANNELS = ("phone", "volunteer")  # households that cannot order online

# Why an order was cancelled: nothing on the shelf when picking began; waited past the
# household's patience for a picker; its store closed; no store of its kind open for the village.
CANCEL_REASONS = ("out of stock", "waited too long", "store closed", "no store")

# The stages of a delivered order's lead time, in order (from the order's timestamps: placed,
# pick start, picked, batch ready, dispatched, at the gate, delivered; the wait for a picker
# is split into the minutes the store was closed and the queue while it was open).
LEAD_TIME_STAGES = ("waiting_for_opening", "waiting_for_picker", "picking", "batching",
                    "waiting_for_courier", "courier_trip", "at_gate")


class Order:
    """One household order to one store, or (`store` None) goods that come to its village's
    gate in bulk: its part of a group's pallet or a pushed pack (`kind` is then "").
    Times are simulation minutes (NaN until reached).

    `purpose` (FOOD, EXTRA, PHARMACY, REFILL or PACK), `days_asked` and `lockdown_epoch` (the
    village's lockdown the order was placed in) are what the household needs back when the
    order closes; `units_needed` is the part of the request the household had not asked for
    before (the denominator of `need_fill_rate`); `channel` is how it came (`CHANNELS`)."""

    __slots__ = ("order_id", "household", "village", "kind", "store", "requested", "filled",
                 "asked_minute", "placed_minute", "pick_start_minute", "picked_minute", "batch_ready_minute",
                 "dispatched_minute",
                 "gate_minute", "delivered_minute", "cancelled_minute", "courier_id",
                 "purpose", "days_asked", "lockdown_epoch", "units_requested", "units_filled",
                 "waited_closed_minutes", "units_needed", "channel")

    def __init__(self, order_id: int, household, village, kind: str, store, requested: dict,
                 placed_minute: float, purpose: str, days_asked: float, lockdown_epoch: int,
                 units_needed: float | None = None, channel: str = "app",
                 asked_minute: float | None = None):
        self.order_id = order_id
        self.channel = channel
        # when the household asked: earlier than placed for a phone call or a volunteer's round
        self.asked_minute = placed_minute if asked_minute is None else asked_minute
        self.household = household
        self.village = village
        self.kind = kind
        self.store = store
        self.requested: dict[str, float] = requested
        self.filled: dict[str, float] = {}
        self.units_requested = sum(requested.values())
        # what the household had not asked for before: a retry of a failed order needs no more
        self.units_needed = self.units_requested if units_needed is None else units_needed
        self.units_filled = 0.0
        self.placed_minute = placed_minute
        self.pick_start_minute = NAN
        self.picked_minute = NAN
        self.batch_ready_minute = NAN  # its batch was full or had waited long enough
        self.waited_closed_minutes = 0.0  # of the wait for a picker, while the store was closed
        self.dispatched_minute = NAN
        self.gate_minute = NAN
        self.delivered_minute = NAN
        self.cancelled_minute = NAN
        self.courier_id = -1
        self.purpose = purpose
        self.days_asked = days_asked
        self.lockdown_epoch = lockdown_epoch

    @property
    def status(self) -> str:
        if self.delivered_minute == self.delivered_minute:  # not NaN
            return "delivered"
        if self.cancelled_minute == self.cancelled_minute:
            return "cancelled"
        return "open"

    def fill_share(self) -> float:
        return self.units_filled / self.units_requested if self.units_requested > 0 else 0.0


ORDER_FIELDS = ["order_id", "status", "village", "kind", "channel", "store", "household", "courier_id",
                "asked_minute", "placed_minute", "pick_start_minute", "picked_minute", "batch_ready_minute",
                "dispatched_minute", "gate_minute", "delivered_minute", "cancelled_minute",
                "waited_closed_minutes"]


def order_columns(categories) -> list[str]:
    """The order log's columns: the order's fields, then requested and filled units of each
    of the town's categories."""
    return (ORDER_FIELDS + [f"requested_{c}" for c in categories]
            + [f"filled_{c}" for c in categories])


def order_row(order: Order, categories) -> tuple:
    req, fil = order.requested, order.filled
    return (
        order.order_id, order.status, order.village.name, order.kind, order.channel,
        order.store.store_id if order.store is not None else "",
        order.household.household_id, order.courier_id,
        order.asked_minute, order.placed_minute, order.pick_start_minute, order.picked_minute,
        order.batch_ready_minute, order.dispatched_minute, order.gate_minute, order.delivered_minute,
        order.cancelled_minute, order.waited_closed_minutes,
        *(req.get(c, 0.0) for c in categories),
        *(fil.get(c, 0.0) for c in categories),
    )


def _schema(columns: list[str]) -> pa.Schema:
    return pa.schema(
        [("order_id", pa.int64()), ("status", pa.string()), ("village", pa.string()),
         ("kind", pa.string()), ("channel", pa.string()), ("store", pa.string()),
         ("household", pa.int64()), ("courier_id", pa.int64())]
        + [(c, pa.float64()) for c in columns[8:]]
    )


class OrderLog:
    """Collects order rows; with a path, writes them to Parquet in chunks (memory stays flat)."""

    def __init__(self, categories, path: Path | None = None, chunk_rows: int = 50_000):
        self.categories = tuple(categories)
        self.columns = order_columns(self.categories)
        self._schema = _schema(self.columns)
        self.path = path
        self.chunk_rows = chunk_rows
        self.rows: list[tuple] = []
        self.rows_written = 0
        self._writer: pq.ParquetWriter | None = None

    def add(self, order: Order) -> None:
        self.rows.append(order_row(order, self.categories))
        if self.path is not None and len(self.rows) >= self.chunk_rows:
            self._flush()

    def _flush(self) -> None:
        if not self.rows:
            return
        columns = list(zip(*self.rows))
        table = pa.Table.from_arrays(
            [pa.array(col, type=self._schema.field(i).type) for i, col in enumerate(columns)],
            schema=self._schema,
        )
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, self._schema)
        self._writer.write_table(table)
        self.rows_written += len(self.rows)
        self.rows = []

    def close(self) -> None:
        if self.path is None:
            return
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, self._schema)
        self._flush()
        self._writer.close()

    def to_pandas(self):
        """The rows held in memory (for tests and notebooks without an output folder)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)
