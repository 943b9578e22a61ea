"""A village's ordering channels: the kinds of store open to it and since when, the stores
serving each kind, the food on sale through them, the kind a household buys a category from,
and the store that takes an order (the routing policy).

The command centre opens a kind's channel and assigns stores; the village clears it all when
its lockdown ends. What follows from the channels (on sale, kinds selling a category) is kept
while they stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.store import Store
    from agents.village import Village


class VillageChannels:
    """The channel registry of one village."""

    def __init__(self, model, village: Village):
        self.model = model
        self.village = village
        self.open_minute: dict[str, float] = {}  # kind -> minute its channel opened
        self.stores_by_kind: dict[str, list[Store]] = {}
        # while channels stay as they are: food categories on sale, kinds selling each
        self._food_on_sale: list[int] | None = None
        self._kinds_selling: dict[str, tuple[list[str], list[float]]] = {}

    def is_open(self, kind: str) -> bool:
        return kind in self.open_minute

    def open(self, kind: str, now: float) -> None:
        """`kind`'s channel is published at `now`."""
        self.open_minute[kind] = now
        self._changed()

    def close_all(self) -> None:
        """The lockdown ended: every channel closes and every serving store stands down."""
        self.open_minute = {}
        self._changed()
        for stores in self.stores_by_kind.values():
            for store in stores:
                store.stand_down(self.village)
        self.stores_by_kind = {}

    def add_store(self, kind: str, store: Store) -> None:
        stores = self.stores_by_kind.setdefault(kind, [])
        if store not in stores:
            stores.append(store)
            store.serve(self.village)

    def drop_store(self, store: Store) -> None:
        """`store` stops serving the village (it cannot any more): orders go to the others."""
        for stores in self.stores_by_kind.values():
            if store in stores:
                stores.remove(store)
        store.stand_down(self.village)

    def _changed(self) -> None:
        self._food_on_sale = None
        self._kinds_selling = {}

    def food_on_sale(self) -> list[int]:
        """The food categories (pantry indices) an open channel here sells."""
        on_sale = self._food_on_sale
        if on_sale is None:
            weights = self.model.spec.households.food_kind_weights
            goods = self.model.goods
            sold = {c for kind in goods.food_kinds if self.is_open(kind) and weights.get(kind, 0) > 0
                    for c in self.model.store_categories[kind]}
            on_sale = self._food_on_sale = [i for i, c in enumerate(goods.pantry) if c in sold]
        return on_sale

    def choose_kind_selling(self, category: str, uniform: Callable[[], float]) -> str | None:
        """An open food kind that sells `category`, by the households' weights (`uniform`:
        the household's draw, asked only when there is a choice)."""
        choices = self._kinds_selling.get(category)
        if choices is None:
            choices = self._kinds_selling[category] = self._cumulative_weights_selling(category)
        kinds, cumulative = choices
        if not kinds:
            return None
        if len(kinds) == 1:
            return kinds[0]
        u = uniform() * cumulative[-1]
        for kind, upper in zip(kinds, cumulative):
            if u < upper:
                return kind
        return kinds[-1]

    def _cumulative_weights_selling(self, category: str) -> tuple[list[str], list[float]]:
        kinds, cumulative, total = [], [], 0.0
        for kind, weight in self.model.spec.households.food_kind_weights.items():
            if weight > 0 and self.is_open(kind) and category in self.model.store_categories[kind]:
                total += weight
                kinds.append(kind)
                cumulative.append(total)
        return kinds, cumulative

    def route(self, kind: str) -> Store | None:
        """The store that takes an order of `kind` from the village (routing policy); while
        roads are closed, among the stores an open road joins to the village if any (else the
        order waits at its store for a road)."""
        stores = self.stores_by_kind.get(kind, ())
        travel = self.model.travel
        village = self.village
        if travel.roads_closed:
            stores = [s for s in stores if travel.reachable(s.place, village.place)] or stores
        return self.model.routing(village, stores)
