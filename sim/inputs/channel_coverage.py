"""Which villages no store of the ledger can ever give a channel of some kind, and why.

A locked village gets a channel for each standard kind only when the command centre finds a
qualified store of that kind for it at set-up (`sim/domain/policies/store_selection.py`); a village
whose kinds no store can serve never gets those channels, and a run shows it only as
`villages_without_all_channels`. This module says it before the run, from the scenario alone:
`validate` and `town init` warn with it, and the run report gives its reasons. The store
rules it rests on (a store qualifies; its pickers inside a sealed village) are the model's
own: `agents/store.py` calls them too, so the warning and the run cannot drift apart.

A kind is listed only when the run cannot open it (the ledger, the settings and the
scenario's own lockdowns decide), except where the reason says "only ... if": with a ledger
not yet surveyed, a store outside the village's survey radius serves it only when another
village near that store was set up first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.core.i18n import N_
from sim.core.phrase import Phrase, Phrases, said
from sim.core.roads import Travel
from sim.core.units import MINUTES_PER_DAY

if TYPE_CHECKING:
    from collections.abc import Callable

    from sim.scenario import Scenario, StoreKindSettings, StoreSelection
    from sim.scenario import Store as StoreSpec


# --- the store rules the model uses ---------------------------------------------------------
def disqualifications(store: StoreSpec, selection: StoreSelection) -> list[Phrase]:
    """Why the command centre never assigns this store (empty: it qualifies): not licensed,
    an infection risk, or smaller than `store_selection.min_floor_m2`."""
    why = []
    if not store.licensed:
        why.append(Phrase(N_("is not licensed")))
    if store.infection_risk:
        why.append(Phrase(N_("is marked an infection risk")))
    if store.floor_m2 < selection.min_floor_m2:
        why.append(Phrase(N_("is {floor:g} m², below the {minimum:g} m² minimum"),
                          floor=store.floor_m2, minimum=selection.min_floor_m2))
    return why


def lasting_disqualifications(store: StoreSpec, selection: StoreSelection) -> list[Phrase]:
    """Why a store can never serve in the run: its disqualifications, less its licence and its
    infection-risk flag when the command centre licenses shops ad hoc
    (`store_selection.ad_hoc_licensing`, `agents/ad_hoc_licensing.py`)."""
    why = disqualifications(store, selection)
    if not selection.ad_hoc_licensing:
        return why
    return [p for p in why if p not in (N_("is not licensed"), N_("is marked an infection risk"))]


def picker_crew(settings: StoreKindSettings, floor_m2: float) -> int:
    """A store's pickers: `pickers_per_100_m2` of its floor, within its kind's bounds."""
    return int(min(settings.max_pickers, max(
        settings.min_pickers, round(settings.pickers_per_100_m2 * floor_m2 / 100))))


def pickers_living_inside(crew: int, local_share: float) -> int:
    """The pickers who can work while the store's own village is sealed: those living inside
    (rounded up: a small shop's owner usually lives by it)."""
    return math.ceil(crew * local_share - 1e-9)


# --- what the ledger can never serve --------------------------------------------------------
@dataclass(frozen=True)
class MissingChannel:
    kind: str
    reason: Phrase
    certain: bool = True  # False: served only if another village is set up first (see above)


@dataclass(frozen=True)
class UnservedVillage:
    """A village and the channels (store kinds) it would not get."""

    village: str
    missing: tuple[MissingChannel, ...]

    def kinds(self) -> list[str]:
        return [m.kind for m in self.missing]


def unserved_villages(scenario: Scenario) -> list[UnservedVillage]:
    """Every village with a standard kind that no store could serve there, in the scenario's
    order, each kind with its reason."""
    qualified: dict[str, list] = {}
    missing: dict[str, dict[str, MissingChannel]] = {v.name: {} for v in scenario.villages}
    for kind in scenario.standard_kinds:
        stores = [s for s in scenario.ledger.stores if s.kind == kind]
        reason = _no_qualified_store(kind, stores, scenario.store_selection)
        if reason is not None:
            for village in missing.values():
                village[kind] = MissingChannel(kind, reason)
        qualified[kind] = [s for s in stores
                           if not lasting_disqualifications(s, scenario.store_selection)]
    for village, kind, reason in _sealed_in(scenario, qualified):
        missing[village].setdefault(kind, MissingChannel(kind, reason))
    if not scenario.ledger.surveyed:
        for village, kind, reason, certain in _beyond_survey(scenario, qualified):
            if kind not in missing[village]:
                missing[village][kind] = MissingChannel(kind, reason, certain)
    return [UnservedVillage(v.name, tuple(missing[v.name][k] for k in scenario.standard_kinds
                                          if k in missing[v.name]))
            for v in scenario.villages if missing[v.name]]


def _no_qualified_store(kind: str, stores: list, selection) -> Phrase | None:
    if not stores:
        return Phrase(N_("no {kind} on the ledger"), kind=kind)
    whys = [(s, lasting_disqualifications(s, selection)) for s in stores]
    if not all(why for _, why in whys):
        return None
    if len(stores) == 1:
        store, why = whys[0]
        return Phrase(N_("the only {kind}, {store}, {why}"), kind=kind, store=store.id,
                      why=Phrases(why, ", "))
    return Phrase(N_("none of the {count} {kind} stores qualifies: {whys}"), count=len(stores),
                  kind=kind, whys=Phrases([Phrase(N_("{store} {why}"), store=s.id, why=Phrases(why, ", "))
                                           for s, why in whys], "; "))


def _beyond_survey(scenario: Scenario, qualified: dict[str, list]):
    """Without a surveyed ledger, the command centre knows only the stores it surveyed: those
    within `survey_radius_km` (by road, every road open) of a village it set up."""
    radius = scenario.command_centre.survey_radius_km
    travel = Travel.for_scenario(scenario)
    villages = {v.name: travel.place(v.name, v.x_km, v.y_km) for v in scenario.villages}
    coordinates = {v.name: (v.x_km, v.y_km) for v in scenario.villages}

    def within(store, village: str) -> bool:
        home = villages[store.village]
        place = travel.place(store.id, *coordinates[store.village], fallback_node=home.node)
        return travel.km(place, villages[village]) <= radius

    for kind, stores in qualified.items():
        ever_surveyed = [s for s in stores if any(within(s, v) for v in villages)]
        for village in villages:
            if not stores or any(within(s, village) for s in stores):
                continue
            if not ever_surveyed:
                yield village, kind, Phrase(
                    N_("no qualifying {kind} lies within the {radius:g} km survey radius of any "
                       "village, and the ledger is not surveyed"), kind=kind, radius=radius), True
            else:
                yield village, kind, Phrase(
                    N_("no qualifying {kind} within the {radius:g} km survey radius (the ledger is "
                       "not surveyed): only if a village near one is set up first"),
                    kind=kind, radius=radius), False


def _sealed_in(scenario: Scenario, qualified: dict[str, list]):
    """A store inside a sealed village serves only that village: a village whose qualified
    stores of a kind stand inside villages sealed through each of its lockdowns (or, for its
    own stores, with no picker living inside) gets no channel of the kind."""
    local_share = scenario.store_staff.local_share
    passes = scenario.store_staff.closed_loop_passes  # those living outside come in too
    outside = scenario.store_staff.sealed_in_stores_serve_outside
    windows = _lockdown_windows(scenario)
    for village, own_windows in windows.items():
        for kind, stores in qualified.items():
            if not stores:
                continue
            staffed = [s for s in stores if s.village != village or passes or pickers_living_inside(
                picker_crew(scenario.store_kinds[kind], s.floor_m2), local_share) > 0]
            if not staffed:
                yield village, kind, Phrase(
                    N_("every qualifying {kind} ({stores}) is inside it, and no picker lives "
                       "there (store_staff.local_share 0)"),
                    kind=kind, stores=Phrases([s.id for s in stores], ", "))
                continue
            if outside or not own_windows or any(s.village == village for s in staffed):
                continue
            if all(_sealed_throughout(windows[s.village], window)
                   for window in own_windows for s in staffed):
                homes = list(dict.fromkeys(s.village for s in staffed))
                yield village, kind, Phrase(
                    N_("every qualifying {kind} ({stores}) is inside {homes}, sealed throughout "
                       "its lockdown: a store in a sealed village serves only that village"),
                    kind=kind, stores=Phrases([s.id for s in staffed], ", "),
                    homes=Phrases(homes, ", "))


def _lockdown_windows(scenario: Scenario) -> dict[str, list[tuple[float, float]]]:
    """Each village's lockdowns in the run: (sealed, released) minutes, cut at the horizon."""
    horizon = scenario.horizon_minutes
    windows: dict[str, list[tuple[float, float]]] = {v.name: [] for v in scenario.villages}
    for lockdown in scenario.lockdowns:
        start = lockdown.start_day * MINUTES_PER_DAY
        if start >= horizon:
            continue
        end = horizon if lockdown.days is None else min(horizon, start + lockdown.days * MINUTES_PER_DAY)
        windows[lockdown.village].append((start, end))
    return windows


def _sealed_throughout(windows: list[tuple[float, float]], within: tuple[float, float]) -> bool:
    """Whether one of `windows` covers `within` from its start to its end."""
    return any(start <= within[0] and end >= within[1] for start, end in windows)


# --- the warning ----------------------------------------------------------------------------
# Beizang's store kinds as a reader of another language sees them in a warning or a report
# (a town's own kinds are shown as written)
KIND_WORDS = (N_("supermarket"), N_("vegetable_shop"), N_("pharmacy"), N_("catering"))


def kind_word(kind: str, tr: Callable[[str], str]) -> str:
    """A store kind as the reader's language names it (Beizang's kinds), else as written."""
    return said(kind, tr)


def warning_lines(scenario: Scenario, tr: Callable[[str], str],
                  show: Callable[[str], str] = str) -> list[str]:
    """A warning per village that some channel would never open, in the language of `tr`:
    the village, then a line per kind with its reason."""
    lines = []
    for unserved in unserved_villages(scenario):
        lines.append(tr("warning: no store can open these channels for {village}:").format(
            village=show(unserved.village)))
        lines += ["  " + tr("{kind}: {reason}").format(kind=kind_word(m.kind, tr),
                                                       reason=m.reason.said(tr, show))
                  for m in unserved.missing]
    return lines


def print_warnings(scenario: Scenario, lang: str | None) -> None:
    """`validate` and `town init`: the warnings, in `lang`, names as its reader knows them (a
    warning is not an error: the command still succeeds)."""
    from sim.core.display_names import display_names
    from sim.core.i18n import translator

    for line in warning_lines(scenario, translator(lang), display_names(scenario, lang)):
        print(line)
