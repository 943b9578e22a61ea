"""The town's goods catalogue: its categories and store kinds, and the roles the model needs.

A scenario declares its categories (`[categories.<name>]`: unit and use) and store kinds
(`[store_kinds.<name>]`: what each sells); Beizang's six and four are the defaults. The model
never names a category or a kind: it asks this catalogue which categories households keep at
home (the pantry, in a fixed order), which one is medicine and which ready meals, which kinds
sell food and which kind is the pharmacy.
"""

from __future__ import annotations

from dataclasses import dataclass

PANTRY_USES = ("food", "ready_meals")


@dataclass(frozen=True)
class Goods:
    categories: tuple[str, ...]  # every category, in the order declared (log and KPI order)
    units: dict[str, str]  # category -> its unit ("kg", "packs", "meals", ...)
    pantry: tuple[str, ...]  # what households keep at home and eat, in the pantry's order
    shortfall: tuple[str, ...]  # pantry categories a household goes short of (not ready meals)
    ready_meals: str | None  # the category that replaces a share of the other food
    medicine: str | None  # the category pharmacies sell, refills and urgent calls bring
    kinds: tuple[str, ...]  # every store kind, in the order declared
    sells: dict[str, tuple[str, ...]]  # kind -> the categories it sells
    food_kinds: tuple[str, ...]  # kinds that sell a pantry category
    pharmacy_kind: str | None  # the kind that sells medicine

    @classmethod
    def declared(cls, units: dict[str, str], uses: dict[str, str], pantry_order: list[str],
                 sells: dict[str, list[str]]) -> Goods:
        """The catalogue of declared categories (`units`, `uses`) and kinds (`sells`); the
        pantry follows `pantry_order` (the households' stock-days table)."""
        pantry = tuple(c for c in pantry_order if uses.get(c) in PANTRY_USES)

        def only(use: str) -> str | None:
            having = [c for c, u in uses.items() if u == use]
            return having[0] if having else None

        medicine = only("medicine")
        pantry_set = set(pantry)
        return cls(
            categories=tuple(units), units=dict(units), pantry=pantry,
            shortfall=tuple(c for c in pantry if uses[c] == "food"),
            ready_meals=only("ready_meals"), medicine=medicine,
            kinds=tuple(sells), sells={k: tuple(v) for k, v in sells.items()},
            food_kinds=tuple(k for k, cs in sells.items() if pantry_set.intersection(cs)),
            pharmacy_kind=next((k for k, cs in sells.items() if medicine in cs), None),
        )

    def kinds_selling(self, category: str) -> tuple[str, ...]:
        return tuple(k for k, cs in self.sells.items() if category in cs)

    def unit_key(self, category: str) -> str:
        """The category's name in KPI keys, with its unit when it is kg (`vegetables_kg`)."""
        return f"{category}_kg" if self.units.get(category) == "kg" else category

    def unit_of(self, category: str) -> str:
        return self.units.get(category, "units")
