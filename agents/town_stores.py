"""The town's stores together: the KPIs no one store knows (the busiest store and day, stores
active, hours out of stock, restocks, what they sold over the counter, who picked)."""

from __future__ import annotations

from sim.core.statistics import rounded


class TownStores:
    """Every store of the ledger, as one contributor of KPIs."""

    def __init__(self, model):
        self.model = model

    def kpis(self, now: float) -> dict:
        """The stores' KPIs (`sim/core/kpi_registry.py`); the counter sales only when the scenario
        has them (a lockdown's notice, counter trade with unlocked villages)."""
        model, stats = self.model, self.model.stats
        most, busiest = 0, None
        for store in model.stores:
            for day, n in store.orders_by_day.items():
                if n > most:
                    most, busiest = n, (store.store_id, day)
        figures = {
            "store_orders_per_day_max": most,
            "busiest_store": busiest[0] if busiest else None,
            "busiest_store_day": busiest[1] if busiest else None,
            "stores_active_at_end": sum(1 for s in model.stores if s.active),
            "stockout_store_hours": rounded(stats.stores_out_of_stock.integral(now) / 60),
            "restock_orders": stats.restock_orders,
            "restock_units": rounded(stats.restock_units, 1),
            "overnight_restock_kg_max": rounded(stats.overnight_kg_max, 1),
        }
        figures.update(self._crews())
        spec = model.spec
        if any(lk.notice_hours > 0 for lk in spec.lockdowns):
            figures["notice_units_bought_ahead"] = rounded(stats.notice_units, 1)
        if spec.walk_in.daily_consumption_share > 0:
            figures["walk_in_units_sold"] = rounded(stats.walk_in_units, 1)
        return figures

    def _crews(self) -> dict:
        """Who picked (`agents/store_crew.py`), in picker-days counted each morning at the
        stores serving a locked village, and the stores that ever took an order."""
        model = self.model
        crews = [s.crew for s in model.stores]
        return {
            "stores_used": sum(1 for s in model.stores if s.orders_by_day),
            "stores_licensed_ad_hoc": len(model.ad_hoc_licensing.licensed),
            "picker_days_at_work": sum(c.days_at_work for c in crews),
            "picker_days_resting": sum(c.days_resting for c in crews),
            "picker_days_sealed_out": sum(c.days_sealed_out for c in crews),
            "picker_days_isolated": sum(c.days_isolated for c in crews),
            "drafted_picker_days": sum(c.drafted_days for c in crews),
        }
