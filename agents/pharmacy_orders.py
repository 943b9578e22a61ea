"""A locked village's non-urgent pharmacy orders, while its pharmacy channel is open.

Few households order from a pharmacy on a given day, and none plans it: rather than a wake-up
per household, the village's orders come as one Poisson stream whose rate follows the daily
ordering rhythm (a stream at the busiest hour's rate, thinned by each hour's share of it), each
order from a household drawn at random. Chronic medicine refills are the households' own
(`Household.start_refills`).
"""

from __future__ import annotations

from agents.household_draws import HOUSEHOLD, household_draw_specs
from sim.core.units import MINUTES_PER_DAY
from sim.domain.ordering_rhythm import hour_shares_of_busiest


def pharmacy_orders(model, village, epoch: int):
    """A process: the village's pharmacy orders in lockdown `epoch`, while its pharmacy
    channel is open (the village's households draw the times and who orders together; the
    household that orders draws its basket)."""
    hh = model.spec.households
    shares = hour_shares_of_busiest(hh.order_hour_weights)
    mean_share = sum(shares) / len(shares)
    households = village.households
    peak_rate_per_minute = (hh.pharmacy_orders_per_household_day * len(households)
                            / MINUTES_PER_DAY / mean_share)
    if peak_rate_per_minute <= 0 or not households:
        return
    draws = model.entity_draws.shared(HOUSEHOLD, (village.name, None), household_draw_specs(model))
    env = model.env
    hour_of_day = model.clock.hour_of_day
    pharmacy = model.goods.pharmacy_kind
    while village.in_lockdown(epoch) and village.is_open(pharmacy):
        yield env.timeout(draws.pharmacy_gap() / peak_rate_per_minute)
        if not (village.in_lockdown(epoch) and village.is_open(pharmacy)):
            return
        if draws.pharmacy_accept() >= shares[int(hour_of_day(env.now))]:
            continue
        households[int(draws.pharmacy_household() * len(households))].order_from_pharmacy()
