"""Beizang's data: what a scenario takes when it does not declare its own goods, store kinds
or suppliers (the town of the source; figures the source does not give are marked as
assumptions). Data only: it builds sections, it defines none."""

from __future__ import annotations

from sim.core.distributions import Dist, Fixed, Triangular, Uniform
from sim.scenario.stores import GoodsCategory, StoreKindSettings
from sim.scenario.supply import Supplier

# Beizang's goods (the default when a scenario declares none). Units: the Dietary Guidelines
# count food in kg; medicine and goods in packs; catering in meals. Shelf lives: assumptions.
BEIZANG_CATEGORIES: dict[str, GoodsCategory] = {
    "vegetables": GoodsCategory(unit="kg", use="food", shelf_life_days=7),
    "meat_eggs": GoodsCategory(unit="kg", use="food", shelf_life_days=10),
    "staples": GoodsCategory(unit="kg", use="food", shelf_life_days=180),
    "medicine": GoodsCategory(unit="packs", use="medicine", shelf_life_days=365),
    "daily_goods": GoodsCategory(unit="packs", use="household_goods"),
    "prepared_meals": GoodsCategory(unit="meals", use="ready_meals", shelf_life_days=1),
}
# Days of each food category a household holds when its village is locked, at its own rate of
# eating. Assumptions: rice and flour are bought by the sack and last weeks; fresh vegetables
# last a few days, meat and eggs a few more in a fridge; nobody holds prepared meals. The order
# here is the order of a household's pantry.
BEIZANG_STOCK_DAYS: dict[str, Dist] = {
    "staples": Uniform(low=7, high=21),
    "vegetables": Uniform(low=1, high=4),
    "meat_eggs": Uniform(low=2, high=6),
    "prepared_meals": Fixed(value=0),
}
# Amount per person per day by category (kg for food, packs for medicine and goods, meals)
BEIZANG_CONSUMPTION: dict[str, Dist] = {
    "vegetables": Uniform(low=0.5, high=0.85),
    "meat_eggs": Uniform(low=0.12, high=0.20),
    "staples": Uniform(low=0.275, high=0.43),
    "medicine": Uniform(low=0.05, high=0.15),
    "daily_goods": Uniform(low=0.05, high=0.15),
    "prepared_meals": Uniform(low=0.6, high=1.0),
}
BEIZANG_FOOD_KIND_WEIGHTS = {"supermarket": 0.55, "vegetable_shop": 0.30, "catering": 0.15}


def default_store_kinds() -> dict[str, StoreKindSettings]:
    return {
        "supermarket": StoreKindSettings(
            categories=["staples", "vegetables", "meat_eggs", "daily_goods"],
            stock_per_m2={"staples": 6, "vegetables": 5, "meat_eggs": 2, "daily_goods": 4},
            max_pickers=6,
        ),
        "vegetable_shop": StoreKindSettings(
            categories=["vegetables", "meat_eggs"],
            stock_per_m2={"vegetables": 8, "meat_eggs": 3},
            max_pickers=4,
        ),
        "pharmacy": StoreKindSettings(
            categories=["medicine"], stock_per_m2={"medicine": 10}, max_pickers=3,
            pick_minutes=Triangular(low=2, mode=4, high=6),
        ),
        "catering": StoreKindSettings(
            categories=["prepared_meals"], stock_per_m2={"prepared_meals": 6}, max_pickers=4,
        ),
    }


def default_suppliers(categories: dict) -> list[Supplier]:
    """A wholesale market for every category but medicine, and a medicine distributor in
    business hours (assumptions, as Beizang's)."""
    def use(c):
        g = categories[c]
        return g.get("use", "food") if isinstance(g, dict) else g.use

    medicine = [c for c in categories if use(c) == "medicine"]
    rest = [c for c in categories if use(c) != "medicine"]
    suppliers = []
    if rest:
        suppliers.append(Supplier(name="wholesale market", categories=rest))
    if medicine:
        suppliers.append(Supplier(name="medicine distributor", categories=medicine,
                                  delivery_hours=(8.0, 20.0), trucks_per_day=20))
    return suppliers
