"""Beizang's data: what a scenario takes when it does not declare its own goods, store kinds
or suppliers (the town of the source; figures the source does not give are marked as
assumptions). Data only: it builds sections, it defines none."""

from __future__ import annotations

from sim.core.distributions import Dist, Fixed, Triangular, Uniform
from sim.scenario.stores import GoodsCategory, StoreKindSettings
from sim.scenario.supply import Supplier

# Beizang's goods (the default when a scenario declares none). Units: food in kg; medicine and
# goods in packs; catering in meals. Shelf lives: assumptions.
# Energy, kcal per unit: assumptions, rounded from items of the China Food Composition Tables
# (standard edition): staples are mostly wheat flour and rice (about 3,450-3,600 kcal/kg);
# vegetables come with fruit (cabbage, radish and greens about 150-250 kcal/kg, potatoes about
# 800, apples about 500; 0.29 kg of vegetables and 0.15 of fruit: about 330); meat, eggs and
# fish as households buy them (pork about 3,000-3,900, eggs about 1,400, fish with its bones
# about 1,000: about 2,100); a prepared meal is a boxed meal of rice and two dishes (about 700).
# The most of a day's energy households get from one category when others run out:
# assumptions (staples: a household with little else eats more flour and rice, up to nine
# tenths of its energy; vegetables and fruit, meat and eggs: about twice their usual share).
# Guideline per person-day: source, Dietary Guidelines for Chinese Residents (2022), the middle
# of each range: cereals and tubers 0.25-0.40 kg; vegetables 0.30-0.50 plus fruit 0.20-0.35;
# fish, poultry, meat and eggs 0.12-0.20.
BEIZANG_CATEGORIES: dict[str, GoodsCategory] = {
    "vegetables": GoodsCategory(unit="kg", use="food", shelf_life_days=7, kcal_per_unit=330,
                                max_energy_share=0.15, guideline_per_person_day=0.675),
    "meat_eggs": GoodsCategory(unit="kg", use="food", shelf_life_days=10, kcal_per_unit=2100,
                               max_energy_share=0.35, guideline_per_person_day=0.16),
    "staples": GoodsCategory(unit="kg", use="food", shelf_life_days=180, kcal_per_unit=3500,
                             max_energy_share=0.9, guideline_per_person_day=0.325),
    "medicine": GoodsCategory(unit="packs", use="medicine", shelf_life_days=365),
    "daily_goods": GoodsCategory(unit="packs", use="household_goods"),
    "prepared_meals": GoodsCategory(unit="meals", use="ready_meals", shelf_life_days=1,
                                    kcal_per_unit=700),
}
# Days of each food category a household holds when its village is locked, at its own rate of
# eating (a household of no type: see `households.types`). Assumptions: rice and flour are
# bought by the sack and last weeks; fresh vegetables last a few days, meat and eggs a few more
# in a fridge; nobody holds prepared meals. The order here is the order of a household's pantry.
BEIZANG_STOCK_DAYS: dict[str, Dist] = {
    "staples": Uniform(low=7, high=21),
    "vegetables": Uniform(low=1, high=4),
    "meat_eggs": Uniform(low=2, high=6),
    "prepared_meals": Fixed(value=0),
}
# What a person eats a day by category (kg of food; packs of medicine and goods; meals). Food:
# source, China Statistical Yearbook 2023, per-capita consumption of major foods, 2022, all
# households: grain about 0.38 kg; vegetables about 0.29 plus fruit about 0.15; meat, eggs and
# fish about 0.17. Households differ around those means by a fifth either way (assumption).
# Medicine, goods and prepared meals: assumptions.
BEIZANG_CONSUMPTION: dict[str, Dist] = {
    "vegetables": Uniform(low=0.35, high=0.53),
    "meat_eggs": Uniform(low=0.14, high=0.20),
    "staples": Uniform(low=0.30, high=0.46),
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
