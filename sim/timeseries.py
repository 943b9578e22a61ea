"""One row per reporting tick: what a command centre's wall display would show."""

from __future__ import annotations

from agents.courier import COURIER_STATES


class TimeSeries:
    def __init__(self, model):
        self.model = model
        self.rows: list[dict] = []

    def record(self) -> None:
        m = self.model
        now = m.env.now
        st = m.stats
        row = {
            "tick": m.tick,
            "minute": now,
            "time": m.minute_to_datetime(now),
            "villages_locked": sum(1 for v in m.villages.values() if v.locked),
            "orders_placed": st.orders_placed,
            "orders_delivered": st.orders_delivered,
            "orders_cancelled": st.orders_cancelled,
            "orders_open": len(m.open_orders),
            "orders_waiting_at_stores": sum(s.pickers.backlog for s in m.stores),
            "orders_waiting_for_courier": m.delivery_group.orders_waiting_for_courier(),
            "orders_at_gates": sum(v.gate.orders_waiting for v in m.villages.values()),
            "stores_active": sum(1 for s in m.stores if s.active),
            "stores_out_of_stock": st.stores_out_of_stock.value,
            "urgent_requests": st.urgent_requests,
        }
        for state in COURIER_STATES:
            row[f"couriers_{state}"] = m.delivery_group.counts[state]
        for c in m.categories:
            row[f"store_stock_{c}"] = sum(s.stock.get(c, 0.0) for s in m.stores if s.active)
        for c in m.categories:
            row[f"depot_stock_{c}"] = m.depot.stock.get(c, 0.0)
        for s in m.stores:  # per-store shelves, only for the few active stores (for the report)
            if s.active:
                for c, units in s.stock.items():
                    row[f"store_{s.store_id}_stock_{c}"] = units
        for v in m.villages.values():
            row[f"village_{v.name}_placed"] = v.orders_placed
            row[f"village_{v.name}_delivered"] = v.orders_delivered
            row[f"village_{v.name}_open"] = v.orders_open
        self.rows.append(row)

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.rows)
