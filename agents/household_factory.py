"""A village's households: their sizes, pantries, chronic medicine, how they order, and what
they draw.

Households are made by household size until the village's population is housed, each draw
from a stream of the village's own for that purpose (`households.<village>`, `.food`,
`.online`, `.type`), so a setting that changes one kind of draw (how many have a smartphone)
does not move another (their pantries). A town with household types (`households.types`)
draws each household's type first; its size, diet and stocks follow the type.

A town's tens of thousands of households, their pantries and draws live as long as the model,
so they are made with fewer passes of the cyclic garbage collector (`fewer_gc_passes`): with
Python's defaults it walked them again and again while they were made, most of a town's set-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.household import Household
from agents.household_draws import household_draw_specs
from agents.pantry import Pantry
from sim.core.distributions import UNIT, Empirical, sampler
from sim.engine import fewer_gc_passes

if TYPE_CHECKING:
    from agents.village import Village
    from sim.scenario import HouseholdType


def households_of(model, village: Village) -> list[Household]:
    """The households of `village`, made now (Mesa agents, in order)."""
    hh = model.spec.households
    name = village.name
    rng = model.streams.generator(f"households.{name}")
    kind = _kind_maker(model, name, rng)
    medicine = sampler(hh.medicine_days_at_lockdown, rng)
    uniform = sampler(UNIT, rng)
    channel = _channel_maker(model, name)
    specs = household_draw_specs(model)
    households = []
    housed = 0
    with fewer_gc_passes():
        while housed < village.population:
            type_name, size, pantry = kind()
            persons = max(1, min(int(round(size())), village.population - housed))
            housed += persons
            chronic = uniform() < hh.chronic_medicine_share
            households.append(Household(
                model, village, len(households), persons, pantry(persons), medicine() if chronic else None,
                uniform() < hh.refill_ordered_share, specs, *channel(), household_type=type_name))
    return households


def _kind_maker(model, village_name: str, rng):
    """`kind()`: the next household's type (`households.types`), its size draw and its pantry
    maker. The type is drawn from a stream of its own (`households.<v>.type`); a town without
    types draws none, and every household takes the households' own figures."""
    hh = model.spec.households
    food = model.streams.generator(f"households.{village_name}.food")
    if not hh.types:
        plain = ("", sampler(hh.size_persons, rng), _pantry_maker(model, food, None))
        return lambda: plain
    kinds = [(name, sampler(t.size_persons or hh.size_persons, rng), _pantry_maker(model, food, t))
             for name, t in hh.types.items()]
    choose = sampler(Empirical(values=list(range(len(kinds))),
                               weights=[t.share for t in hh.types.values()]),
                     model.streams.generator(f"households.{village_name}.type"))
    return lambda: kinds[int(choose())]


def _channel_maker(model, village_name: str):
    """`channel()`: how the next household orders, and whether a volunteer checks on it.
    Households without the app phone a store or go through volunteers (their own stream,
    `households.<v>.online`, so the others' draws do not move); with the command centre's
    register of vulnerable households, volunteers check on all of those."""
    hh = model.spec.households
    if hh.smartphone_share >= 1:
        return lambda: ("app", False)
    register = model.spec.command_centre.vulnerable_register
    uniform = sampler(UNIT, model.streams.generator(f"households.{village_name}.online"))

    def channel() -> tuple[str, bool]:
        online, phone = uniform(), uniform()
        if online < hh.smartphone_share:
            return "app", False
        if register:
            return "volunteer", True
        return ("phone" if phone < hh.phone_share_of_offline else "volunteer"), False

    return channel


def _pantry_maker(model, rng, household_type: HouseholdType | None):
    """`make(persons)`: a household's pantry, with its own rate of eating each food category
    and its days of each at home (drawn from `rng`, the village's `households.<v>.food`
    stream): the type's figures where it has them, else the scenario's."""
    hh = model.spec.households
    goods = model.goods
    pantry = goods.pantry
    eats = dict(model.spec.consumption_per_person_day)
    holds = dict(hh.stock_days_at_lockdown)
    if household_type is not None:
        eats.update(household_type.consumption_per_person_day)
        holds.update(household_type.stock_days_at_lockdown)
    rate = {c: sampler(eats[c], rng) for c in pantry}
    days = {c: sampler(holds[c], rng) for c in pantry}
    buys_meals = sampler(UNIT, rng)
    meals_share = hh.ready_meals_share(goods)
    meals = pantry.index(goods.ready_meals) if goods.ready_meals in pantry else None
    diet = model.diet

    def make(persons: int) -> Pantry:
        per_person_day = [rate[c]() for c in pantry]
        if buys_meals() >= meals_share and meals is not None:
            per_person_day[meals] = 0.0
        stock = [persons * r * days[c]() for c, r in zip(pantry, per_person_day)]
        return Pantry(persons, per_person_day, stock, meals, diet)

    return make
