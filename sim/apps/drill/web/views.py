"""What each role's page shows, as JSON: the facilitator the truth now, a player only its own
information, late by its report's delay (`sim/apps/drill/web/roles.py` says who sees what), and
never the answer key (`fair_play.py`)."""

from __future__ import annotations

from sim.apps.drill.web.evaluation import evaluation_guides
from sim.apps.drill.web.fair_play import as_heard, sees_answer_key
from sim.apps.drill.web.reports import roll_call, stock_report, urgent_calls, villages
from sim.apps.drill.web.roles import ACTION_INPUTS, ACTION_TITLES, ROLE_ACTIONS, SEES, TITLES
from sim.core.phrase import Phrase

MAP_STORES = {"facilitator": None, "command_centre": None, "supply_group": None,
              "delivery_group": (), "urgent_desk": "pharmacy", "evaluator": None}
# who sees the truth now (and the injects' expected actions): the facilitator and the evaluators


def view(session, role: str) -> dict:
    """The page data of `role` (call under the session's lock), its texts in the drill's
    language; names stay the scenario's (the page shows them through `names`)."""
    model = session.model
    now = model.env.now
    sp = session.speaker
    tr, say = sp.tr, sp.say
    at = model.clock.to_datetime
    out = {
        "role": role, "title": tr(TITLES[role]), "sees": tr(SEES[role]), "drill": session.drill.name,
        "lang": sp.lang, "names": page_names(session),
        "clock": {"minute": now, "time": sp.clock(at(now), year=True),
                  "speed": session.speed, "playing": session.playing, "horizon": model.horizon_minutes,
                  "speed_while_open": session.speed_while_open, "open": session.something_open(),
                  "speed_now": session.clock.speed_now(session.something_open()),
                  "ended": not model.running},
        "played": role == "facilitator" or role not in session.model_roles,
        "folder": str(session.folder) if session.folder else None,
        "error": None if session.error is None else str(session.error),
    }
    if sees_answer_key(role):  # what comes next is the exercise's control, not the players'
        nxt = session.next_inject()
        out["clock"]["next_inject"] = None if nxt is None else {
            "id": nxt.id, "minute": session.drill.inject_minutes[nxt.id],
            "time": sp.clock(at(session.drill.inject_minutes[nxt.id]))}
    truth = sees_answer_key(role)
    out["messages"] = [as_heard(_message(session, m), role) for m in session.messages if truth or m["to"] == role]
    out["decisions"] = [_pending(session, p) for p in session.pending.values() if truth or p["role"] == role]
    out["log"] = [dict(e, text=say(e["text"]), result=say(e.get("result")))
                  for e in session.log if truth or e["role"] == role]
    out["menu"] = _menu(model, role, tr)
    stock = stock_report(model) if truth else session.reports["stock"]
    couriers = roll_call(model) if truth else session.reports["roll_call"]
    out["map"] = _map(model, role, stock, couriers)
    out["villages"] = villages(model)
    if truth or role == "command_centre":
        out["set_ups"] = [_set_up(model, s) for s in session.set_ups.values()]
    if truth or role == "supply_group":
        out["stock_report"] = stock
    elif role == "command_centre":
        out["stock_report"] = dict(stock, depot=None)
    if truth or role == "supply_group":
        out["suppliers_in_outage"] = [s.name for s in model.suppliers if s.capacity_share(now) < 1]
    if truth or role == "delivery_group":
        out["roll_call"] = couriers
    if truth or role == "urgent_desk":
        out["urgent"] = urgent_calls(model)
    if role == "urgent_desk":
        medicine = model.goods.medicine
        out["pharmacies"] = {"time": stock["time"], "stores": [
            {"id": st["id"], "serves": st["serves"], "closed": st["closed"],
             "medicine": st["stock"].get(medicine), "share": st["stock_share"].get(medicine)}
            for st in stock["stores"] if st["kind"] == model.goods.pharmacy_kind]}
    if truth:
        out["injects"] = [_inject_row(session, i) for i in session.drill.injects_in_time_order()]
        out["chart"] = session.chart
        out["objectives"] = [dict(o, target=say(o["target"]), figure=None if o["figure"] is None else say(o["figure"]))
                             for o in objectives_now(session)]
        out["roles"] = [{"role": r, "title": tr(TITLES[r]), "played": r not in session.model_roles}
                        for r in ROLE_ACTIONS]
        out["set_ups_done"] = session.hook.channel_set_ups
    if role == "evaluator":
        out["evaluation"] = evaluation_guides(session)
    if sp.zh:  # the reports' times as a Chinese page writes them
        for key in ("stock_report", "roll_call", "pharmacies"):
            if out.get(key):
                out[key] = dict(out[key], time=sp.clock(at(out[key].get("minute", stock["minute"]))))
        out["map"]["stock_as_of"] = sp.clock(at(stock["minute"]))
        if out["map"].get("couriers"):
            out["map"]["couriers"] = dict(out["map"]["couriers"], time=sp.clock(at(out["map"]["couriers"]["minute"])))
    return out


def page_names(session) -> dict[str, str]:
    """Names the page shows differently in the drill's language (once per session)."""
    names = getattr(session, "_page_names", None)
    if names is None:
        names = session._page_names = session.speaker.page_names(session.drill.scenario, session.model.goods)
    return names


def _message(session, message: dict) -> dict:
    """An inject as its role heard it, in the drill's language."""
    sp = session.speaker
    inject = session.drill.spec.inject(message["inject"])
    return dict(message, message=sp.text(inject, "message"), expected_action=sp.text(inject, "expected_action"),
                effect=sp.say(message["effect"]), **{"from": sp.say(sp.text(inject, "sender"))})


def _pending(session, pending: dict) -> dict:
    inject = pending["inject"]
    sp = session.speaker
    clock = session.model.clock
    return {"inject": inject.id, "role": pending["role"], "question": sp.text(inject, "decision"),
            "message": sp.text(inject, "message"), "default": inject.default_option,
            "deadline": pending["deadline"],
            "deadline_time": sp.clock(clock.to_datetime(pending["deadline"])),
            # the time left as the room lives it: wall minutes at the clock's speed while it is open
            "wall_minutes_left": round(session.clock.wall_minutes(
                max(0.0, pending["deadline"] - session.model.env.now), True), 1),
            "options": [{"key": o.key, "label": sp.text(o, "label")} for o in inject.options]}


def _menu(model, role: str, tr=str) -> list[dict]:
    choices = {"village": list(model.villages), "kind": list(model.goods.kinds),
               "store": [s.store_id for s in model.stores], "supplier": [s.name for s in model.suppliers],
               "category": list(model.goods.categories)}
    if role == "urgent_desk":
        choices["category"] = [model.goods.medicine]
        choices["store"] = [s.store_id for s in model.stores if s.kind == model.goods.pharmacy_kind]
    if role == "supply_group" and not model.depot.exists:
        actions = [a for a in ROLE_ACTIONS[role] if a != "release_depot_stock"]
    else:
        actions = list(ROLE_ACTIONS.get(role, ()))
    return [{"action": a, "title": tr(ACTION_TITLES[a]),
             "fields": [{"name": f, "label": tr(label), "input": kind, "choices": choices.get(kind)}
                        for f, label, kind in ACTION_INPUTS[a]]} for a in actions]


def _map(model, role: str, stock: dict, couriers: dict) -> dict:
    kinds = MAP_STORES[role]
    stores = [s for s in stock["stores"] if kinds is None or s["kind"] == kinds] if kinds != () else []
    cc = model.command_centre
    return {"villages": [{"name": v.name, "x": v.x_km, "y": v.y_km} for v in model.villages.values()],
            "stores": stores, "stock_as_of": stock["time"],
            "depot": ({"x": model.depot.x_km, "y": model.depot.y_km, "stock": stock["depot"]}
                      if model.depot.exists and role in ("facilitator", "supply_group") else None),
            "command_centre": {"x": cc.x_km, "y": cc.y_km},
            "couriers": couriers if role in ("facilitator", "delivery_group") else None}


def _set_up(model, set_up: dict) -> dict:
    """A set-up waiting for the command centre, with the ledger to pick from."""
    village = model.villages[set_up["village"]]
    ledger = []
    for s in sorted(model.stores, key=lambda s: (s.kind, s.distance_km_to(village), s.store_id)):
        if s.kind not in model.spec.standard_kinds:
            continue
        ledger.append({"id": s.store_id, "kind": s.kind, "village": s.home.name, "floor_m2": s.floor_m2,
                       "licensed": s.spec.licensed, "infection_risk": s.spec.infection_risk,
                       "distance_km": round(s.distance_km_to(village), 2), "closed": s.closed,
                       "serves": [v.name for v in s.serves]})
    return {"village": set_up["village"], "epoch": set_up["epoch"], "locked_minute": set_up["locked_minute"],
            "minutes_so_far": round(model.env.now - set_up["locked_minute"], 1),
            "stages": [s["stage"] for s in set_up["stages"]], "stores": set_up["stores"],
            "standard_kinds": list(model.spec.standard_kinds), "ledger": ledger}


def _inject_row(session, inject) -> dict:
    minute = session.drill.inject_minutes[inject.id]
    played = next((r for r in session.hook.timeline if r["inject"] == inject.id), None)
    sp = session.speaker
    return {"id": inject.id, "minute": minute,
            "time": sp.clock(session.model.clock.to_datetime(minute)),
            "kind": inject.kind, "target": inject.target, "to": inject.recipient,
            "objective": inject.objective, "decision": inject.decision is not None,
            "played": played is not None, "effect": sp.say(played["effect"]) if played else None,
            "choice": played.get("choice") if played else None,
            "by": sp.say(played.get("by")) if played and played.get("by") else None}


def objectives_now(session) -> list[dict]:
    """The drill's objectives with their figures so far (cheap running figures)."""
    model = session.model
    targets = session.drill.spec.objectives
    stats = model.stats
    locked = [v for v in model.villages.values() if v.lock_minute is not None]
    opened = stats.channel_open_minutes
    worst = max((opened.get(v.name, model.env.now - v.lock_minute) for v in locked), default=None)
    waiting = any(v.name not in opened for v in locked)
    pickups = [u[1] for u in stats.urgent]
    within = sum(1 for p in pickups if p <= targets.urgent_pickup_minutes)
    point = session.chart[-1] if session.chart else {}
    return [
        {"objective": "channel_open", "target": Phrase("<= {minutes:g} min", minutes=targets.channel_open_minutes),
         "figure": None if worst is None else
         Phrase("slowest {minutes:.1f} min (still waiting)", minutes=worst) if waiting else
         Phrase("slowest {minutes:.1f} min", minutes=worst),
         "met": None if worst is None or (waiting and worst <= targets.channel_open_minutes)
         else worst <= targets.channel_open_minutes},
        {"objective": "urgent_pickup", "target": Phrase("{share:.0%} within {minutes:g} min",
                                                        share=targets.urgent_within_share,
                                                        minutes=targets.urgent_pickup_minutes),
         "figure": Phrase("{within} of {calls} calls", within=within, calls=stats.urgent_requests)
         if stats.urgent_requests else None,
         "met": None if not stats.urgent_requests else within / stats.urgent_requests >= targets.urgent_within_share},
        {"objective": "fill_rate", "target": Phrase(">= {share:.0%}", share=targets.fill_rate),
         "figure": None if point.get("fill_rate") is None else f"{point['fill_rate']:.1%}",
         "met": None if point.get("fill_rate") is None else point["fill_rate"] >= targets.fill_rate},
        {"objective": "lead_time", "target": Phrase("p90 <= {minutes:g} min", minutes=targets.lead_time_p90_minutes),
         "figure": Phrase("in the after-action report"), "met": None},
    ]
