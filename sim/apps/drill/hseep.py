"""Each objective rated as HSEEP's exercise evaluation guides do, from the drill's figures.

HSEEP's four ratings: performed without challenges (P), performed with some challenges (S),
performed with major challenges (M), unable to be performed (U). Here they are read from the
figure against the objective's target, with these thresholds:

- channels open: the slowest locked village's minutes from lockdown to every standard channel
  open; P within the target, S within twice the target, M beyond; U when a locked village never
  got all its channels.
- urgent pickup: the share of calls reached within the target minutes; P at or above the target
  share, S within 15 points below it, M further below; U when no call was reached at all.
- fill rate: P at or above the target, S within 10 points below it, M further below; U when
  orders were placed and nothing was delivered.
- lead time: the 90th percentile, order to door; P within the target, S within twice it, M
  beyond; U when orders were placed and none was delivered.

An objective the drill did not test (no lockdown, no urgent call, no order) is not rated.
"""

from __future__ import annotations

from sim.apps.drill.objectives import urgent_calls
from sim.core.i18n import N_

# the ratings' names; in Chinese as exercise evaluation names them (完成良好, 基本完成, ...)
RATINGS = {"P": N_("performed without challenges"), "S": N_("performed with some challenges"),
           "M": N_("performed with major challenges"), "U": N_("unable to be performed")}
THRESHOLDS = {
    "channel_open": N_("P within the target, S within twice it, M beyond; "
                       "U: a locked village never got all its channels"),
    "urgent_pickup": N_("P at or above the target share, S within 15 points below, M further; U: no call reached"),
    "fill_rate": N_("P at or above the target, S within 10 points below, M further; U: nothing delivered"),
    "lead_time": N_("P within the target, S within twice it, M beyond; U: no order delivered"),
}


def _at_most(value: float, target: float) -> str:
    return "P" if value <= target else "S" if value <= 2 * target else "M"


def _at_least(value: float, target: float, slack: float) -> str:
    return "P" if value >= target else "S" if value >= target - slack else "M"


def rate(objective: str, model, kpis: dict, targets) -> str | None:
    """The HSEEP rating (P, S, M or U) of one objective; None when the drill did not test it."""
    stats = model.stats
    if objective == "channel_open":
        locked = [v for v in model.villages.values() if v.lock_minute is not None]
        if not locked:
            return None
        opened = stats.channel_open_minutes
        if any(v.name not in opened for v in locked):
            return "U"
        return _at_most(max(opened[v.name] for v in locked), targets.channel_open_minutes)
    if objective == "urgent_pickup":
        if not stats.urgent_requests:
            return None
        calls = urgent_calls(stats, model.env.now, targets.urgent_pickup_minutes)
        if calls.slowest is None and calls.not_reached:
            return "U"
        return _at_least(calls.share, targets.urgent_within_share, 0.15)
    if not kpis.get("orders_placed"):
        return None
    if not kpis.get("orders_delivered"):
        return "U"
    if objective == "fill_rate":
        return _at_least(kpis["fill_rate"], targets.fill_rate, 0.10)
    return _at_most(kpis["lead_time_minutes_p90"], targets.lead_time_p90_minutes)


def rating_text(code: str | None, tr=str) -> str:
    """The rating as the report shows it, in the language of `tr`."""
    return tr("not rated (not tested)") if code is None else tr("{code}: {rating}").format(
        code=code, rating=tr(RATINGS[code]))
