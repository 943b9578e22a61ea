"""Why a run's depot did little, said after its KPIs: a depot that holds food through an
outage and gets it to no one is either a release rule at work or a town that never needed it,
and the planner reading the figures should know which (issue 25).

Each note is a `Phrase` (English, said again in the reader's language); the run folder keeps
them in `depot_notes.json`, the printed table and `report.html` show them."""

from __future__ import annotations

from sim.core.i18n import N_
from sim.core.phrase import Phrase

FILE_NAME = "depot_notes.json"
NOT_NEEDED = N_("The depot's stock was not needed: no store ran out of {categories} in this run, "
                "so its releases only refilled shelves that were not empty, and {spoiled:,.0f} kg "
                "of it spoiled. A depot shows its worth when the stores' shelves run short "
                "(smaller shelves, a longer outage); rotate = true sells stock before it expires.")
HELD_NO_OUTAGE = N_("The depot was held for an outage (release = hold_for_outage) and no supplier "
                    "the stores restock from was short when they asked: it released nothing to them.")
NO_ROOM_ON_LOCKDOWN = N_("On lockdown the depot meant to send the stores {wanted:,.0f} units and "
                         "sent {sent:,.0f}: it sends only what fits, and their shelves were nearly "
                         "full as the channels opened.")
_NO_ROOM_SHARE = 0.5  # a note when the lockdown release sent less than this share


def depot_notes(model) -> list[Phrase]:
    """The notes on this run's depot (none without a depot, or when it did its work)."""
    depot = model.depot
    if not depot.exists:
        return []
    notes = []
    spec = depot.spec
    if spec.release == "hold_for_outage" and not depot.outage_seen:
        notes.append(Phrase(HELD_NO_OUTAGE))
    if (spec.release == "on_lockdown" and depot.lockdown_release_wanted > 0
            and depot.lockdown_release_sent < _NO_ROOM_SHARE * depot.lockdown_release_wanted):
        notes.append(Phrase(NO_ROOM_ON_LOCKDOWN, wanted=depot.lockdown_release_wanted,
                            sent=depot.lockdown_release_sent))
    ran_out = set().union(*(s.ever_out_of_stock for s in model.stores))
    held = [c for c in depot.target if c not in ran_out]
    spoiled = sum(depot.units_spoiled.values())
    if held and len(held) == len(depot.target) and spoiled > 0:
        notes.append(Phrase(NOT_NEEDED, categories=", ".join(held), spoiled=spoiled))
    return notes


def notes_json(notes: list[Phrase]) -> dict:
    """The notes as the run folder keeps them: each message with its values, to say again."""
    return {"depot_notes": [{"text": str(n), "message": n.message, "values": n.values} for n in notes]}


def notes_from_json(data: dict) -> list[Phrase]:
    return [Phrase(n["message"], **n["values"]) for n in data.get("depot_notes", [])]
