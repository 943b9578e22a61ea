"""Where a scenario field's default comes from: a figure the source publishes, or an assumption
of ours to replace with a town's own data (or a setting of the run, which is no figure of the
world). The manual's reference page shows it beside each field (`field_reference.py`); a field
named nowhere here is shown as an assumption with no source given.

The source is the Beijing Youth Daily's article of 30 November 2022 on Beizang town (Daxing,
Beijing); the other publications are named where they are used. Paths are the reference page's:
`[]` for an entry of a list of tables, `<name>` for a named table (a test holds each to a field
of the schema)."""

from __future__ import annotations

from dataclasses import dataclass

PUBLISHED = "published"
PARTLY_PUBLISHED = "published in part"
ASSUMED = "assumed"
SETTING = "setting"
NO_SOURCE_GIVEN = "no source given"
ARTICLE = "Beijing Youth Daily, 30 Nov 2022"


@dataclass(frozen=True)
class Provenance:
    kind: str  # PUBLISHED, PARTLY_PUBLISHED, ASSUMED or SETTING
    source: str  # the publication and figure, or what the assumption rests on


def _published(source: str) -> Provenance:
    return Provenance(PUBLISHED, source)


def _partly(source: str) -> Provenance:
    return Provenance(PARTLY_PUBLISHED, source)


def _assumed(why: str) -> Provenance:
    return Provenance(ASSUMED, why)


def _setting(what: str) -> Provenance:
    return Provenance(SETTING, what)


UNSOURCED = Provenance(ASSUMED, NO_SOURCE_GIVEN)

PROVENANCE: dict[str, Provenance] = {
    # the run
    "run.start": _published(f"the lockdowns began on 10 November 2022 ({ARTICLE})"),
    "run.horizon_days": _assumed("two weeks of lockdown"),
    "run.tick_minutes": _setting("how often the time series is sampled"),
    "run.seed": _setting("the root of every random stream"),
    "run.order_log": _setting("whether the order log (orders.parquet) is kept"),
    "run.random_numbers": _setting("where draws come from; the figures' distributions are unchanged"),
    "run.lang": _setting("the language people read"),
    # the town and its stores
    "ledger.surveyed": _published(f"stores' scale and reserves were surveyed into the alliance's "
                                  f"ledger in advance ({ARTICLE})"),
    "store_selection.policy": _partly(f"emergency stores are qualified: licensed, no infection risk, "
                                      f"big enough ({ARTICLE}); the nearest first is assumed"),
    "store_kinds": _partly(f"the four kinds are the standard set for a locked area: pharmacy, "
                           f"supermarket, vegetable shop, catering ({ARTICLE}); their stock, pickers "
                           f"and hours are assumed"),
    "store_kinds.<name>.pick_minutes": _assumed("3-8 minutes of one picker to pick and pack an order"),
    "store_kinds.<name>.pickers_per_100_m2": _assumed("2-6 pickers a store, by floor area"),
    "store_kinds.<name>.opening_hours": _assumed(f"12 hours of picking: 3 pickers at 5 minutes an "
                                                f"order pick about 430, against the hub store's "
                                                f"peak of 300-400 orders a day ({ARTICLE})"),
    "restocking.policy": _published(f"the hub store's owner estimated demand from the locked "
                                    f"population and bought 3,000 kg of staples overnight ({ARTICLE})"),
    "restocking.lockdown_stock_up_days": _partly(f"the night Ma village was locked the hub store's "
                                                 f"owner bought 3,000 kg, beyond the next day's "
                                                 f"shelves ({ARTICLE}); the days are fitted to it "
                                                 f"(calibrate-beizang.toml: 8.0-12.5)"),
    "store_kinds.<name>.back_room_per_m2": _assumed("a supermarket's storeroom holds about as "
                                                    "much again as its shelves"),
    "restocking.overnight_order_hour": _partly(f"restocking overnight for the next day ({ARTICLE}); "
                                               f"the hour is assumed"),
    # what households eat and hold
    "consumption_per_person_day": _partly(
        "food: China Statistical Yearbook 2023, per-capita consumption in 2022 (grain about "
        "0.38 kg, vegetables about 0.29 plus fruit about 0.15, meat, eggs and fish about 0.17 a "
        "day), households a fifth either way assumed; medicine, daily goods and prepared meals "
        "assumed"),
    "categories": _partly(
        "`guideline_per_person_day`: Dietary Guidelines for Chinese Residents (2022), the middle "
        "of each range; energy (rounded from the China Food Composition Tables), energy shares "
        "and shelf lives assumed"),
    "households.size_persons": _assumed("about 2.6 persons; set it from the local census"),
    "households.stock_days_at_lockdown": _assumed("rice and flour bought by the sack last weeks, "
                                                  "fresh vegetables a few days, meat and eggs a few "
                                                  "more"),
    "households.chronic_medicine_share": _published(
        "China Hypertension Survey 2012-2015 (Circulation, 2018): about 23% of adults are "
        "hypertensive; the share of households with such a member is derived from it"),
    "households.medicine_days_at_lockdown": _assumed(f"1-30 days, many low; the article's example "
                                                     f"had one dose left on day 2 ({ARTICLE})"),
    # delivery
    "couriers.whitelist_size": _published(f"nearly 200 whitelisted couriers, tested every day "
                                          f"({ARTICLE})"),
    "couriers.daily_test_minutes": _assumed(f"30-60 minutes off duty, queue included; a test every "
                                            f"day is the article's ({ARTICLE})"),
    "couriers.max_batch_orders": _assumed("10-30 orders a trip of an electric tricycle"),
    "couriers.speed_km_per_h": _assumed("15-25 km/h on village roads"),
    "couriers.handover_minutes_per_order": _assumed("1-2 minutes an order at the village gate"),
    "volunteers.door_round_minutes": _assumed("5-15 minutes a round inside the village"),
    # the command centre
    "command_centre.urgent_staffing": _published(f"a dedicated staff member for a locked area's "
                                                 f"urgent needs, at the door within half an hour "
                                                 f"({ARTICLE})"),
    "command_centre.urgent_staff_per_village": _assumed("three, so that calls at once, a hospital "
                                                        "trip of hours and rest days leave someone "
                                                        "at the gate"),
    "command_centre.survey_store_minutes": _assumed("without the ledger a channel takes hours to "
                                                    "open"),
    "command_centre.buy_medicine_minutes": _assumed("urgent medicine bought and at the door in 1-2 "
                                                    "hours"),
    # supply
    "suppliers[].lead_time_minutes": _assumed("a wholesale market tens of km away: 1-3 hours by "
                                              "truck"),
}


def provenance_of(path: str, provenance: dict[str, Provenance] = PROVENANCE) -> Provenance:
    """The field's provenance; an assumption with no source given when none is recorded."""
    return provenance.get(path, UNSOURCED)
