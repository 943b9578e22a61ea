"""The after-action report (Markdown and HTML): objectives met or not with their figures, the
timeline of inject, decision and effect, strengths and areas for improvement drawn from the
figures, and an improvement plan the town can act on before the next drill."""

from __future__ import annotations

from pathlib import Path

from sim.atomic_files import write_text_atomically
from sim.drill.hseep import THRESHOLDS, rate, rating_text
from sim.drill.judgement import OWNER as DECISION_OWNER
from sim.drill.judgement import judge_decision, measured_effect_text, outside_control
from sim.drill.objectives import ObjectiveResult, evaluate
from sim.report.html_page import esc, page, table

# objective -> (what to do when it is missed, who owns it)
REMEDIES = {
    "channel_open": ("Pre-assign the standard set of stores per village in the ledger and rehearse "
                     "setting up the volunteer and supply groups", "town alliance command centre"),
    "urgent_pickup": ("Put more dedicated urgent-needs staff on duty on lockdown days; keep a list of "
                      "chronic-medicine households per village", "urgent-needs staff lead"),
    "fill_rate": ("Activate reserve stores and order from suppliers before shelves fall below a third; "
                  "stock the town depot", "emergency supply group"),
    "lead_time": ("Whitelist more couriers and move gate volunteers to the busiest gates at peak hours",
                  "delivery group lead"),
}
EFFECT_WINDOW_MINUTES = 6 * 60


def _row_at(ts, minute: float):
    """The first reporting tick at or after `minute` (the state just before anything later)."""
    later = ts[ts["minute"] >= minute]
    return later.iloc[0] if len(later) else ts.iloc[-1]


def measured_effect(row: dict, ts, villages: set[str]) -> str:
    """Orders waiting (in the target village, or town-wide) at the inject and six hours on."""
    minute = row["minute"]
    before, after = _row_at(ts, minute), _row_at(ts, minute + EFFECT_WINDOW_MINUTES)
    if row["target"] in villages and f"village_{row['target']}_open" in ts:
        col, where = f"village_{row['target']}_open", f"in {row['target']}"
    else:
        col, where = "orders_open", "town-wide"
    text = f"orders waiting {where}: {before[col]:.0f} then {after[col]:.0f} six hours later"
    if row["kind"] == "courier_quarantine":
        text += f"; couriers idle {before['couriers_idle']:.0f} then {after['couriers_idle']:.0f}"
    return text


def findings(results: list[ObjectiveResult], kpis: dict, hook) -> tuple[list[str], list[dict]]:
    """Strengths (objectives met, decisions that did what was expected and moved their figure)
    and areas for improvement; an objective no option could move is marked as outside the
    table's control."""
    strengths, areas = [], []
    spec = hook.drill.spec
    control = outside_control(spec, _players_set_up(hook))
    for r in results:
        note = f" ({control[r.objective]})" if r.objective in control else ""
        if r.met:
            strengths.append(f"{r.title}: {r.figure} (target {r.target}){note}.")
        elif r.met is False:
            action, owner = REMEDIES[r.objective]
            areas.append({"area": r.title, "observation": f"{r.figure} (target {r.target}){note}",
                          "action": action, "owner": owner})
    if kpis.get("stockout_store_hours"):
        areas.append({"area": "Stock at stores",
                      "observation": f"{kpis['stockout_store_hours']:g} store-hours with a category sold out",
                      "action": "Order earlier when a category runs low; keep the overnight estimate per locked village",
                      "owner": "emergency supply group"})
    if kpis.get("orders_cancelled"):
        areas.append({"area": "Orders cancelled",
                      "observation": f"{kpis['orders_cancelled']:,} orders cancelled (closed store, empty shelf or waited too long)",
                      "action": "Re-route a closed store's orders at once; tell households when a channel changes",
                      "owner": "store liaison in the supply group"})
    for d in hook.decisions:
        verdict = judge_decision(d, spec.inject(d["inject"]))
        if verdict is None:
            continue
        where = f"Decision at {d['time']} ({d['inject']})"
        if verdict.strength:
            strengths.append(f"{where}: {verdict.text}.")
        else:
            areas.append({"area": where, "observation": verdict.text, "action": verdict.action,
                          "owner": DECISION_OWNER})
    if hook.state.extra_orders_refused:
        strengths.append(f"The order cap refused {hook.state.extra_orders_refused:,} rumour-driven extra "
                         f"orders ({hook.state.extra_orders_placed:,} got through).")
    return strengths, areas


def write_after_action(hook, model, folder: Path) -> list[tuple[str, str]]:
    """Write after-action.md and after-action.html; return the sections for report.html."""
    drill = hook.drill
    kpis = model.kpis()
    results = evaluate(model, kpis, drill.spec.objectives)
    tested_by = {}
    for inject in drill.spec.injects:
        tested_by.setdefault(inject.objective, []).append(inject.id)
    ts = model.timeseries.to_pandas()
    villages = set(model.villages)
    effects = {d["inject"]: measured_effect_text(d) for d in hook.decisions}
    for row in hook.timeline:
        row["measured"] = measured_effect(row, ts, villages)
        if effects.get(row["inject"]):
            row["measured"] += f"; decision: {effects[row['inject']]}"
    strengths, areas = findings(results, kpis, hook)
    start = model.clock.to_datetime(0)
    end = model.clock.to_datetime(model.horizon_minutes)
    who = sorted({d["by"] for d in hook.decisions}) or ["no decision points"]
    intro = (f"Drill {drill.name} on scenario {model.spec.run.name}, seed {hook.seed}, "
             f"{start:%d %b %Y %H:%M} to {end:%d %b %Y %H:%M}; decisions by: {', '.join(who)}.")

    control = outside_control(drill.spec, _players_set_up(hook))
    obj_header = ["objective", "target", "figure", "result", "tested by injects",
                  "in the table's control", "HSEEP rating"]
    obj_rows = [[r.title, r.target, r.figure, r.verdict,
                 ", ".join(tested_by.get(r.objective, [])) or "-",
                 "no: " + control[r.objective].removeprefix("outside the table's control in this drill: ")
                 if r.objective in control else "yes",
                 rating_text(rate(r.objective, model, kpis, drill.spec.objectives))]
                for r in results]
    obj_classes = [["", "", "", {True: "met", False: "missed", None: ""}[r.met], "", "", ""] for r in results]
    rating_note = ("HSEEP ratings from the figures: " + "; ".join(
        f"{r.title.split(' (')[0].lower()}: {THRESHOLDS[r.objective]}" for r in results) + ".")
    role_header, role_rows = roles_table(hook)
    tl_header = ["time", "inject", "what the table heard", "expected action", "decision", "effect", "measured"]
    tl_rows = []
    for row in hook.timeline:
        decision = "-" if row["choice"] is None else f"{row['choice_label']} ({row['by']}): {row['result']}"
        tl_rows.append([row["time"], f"{row['inject']} ({row['kind'].replace('_', ' ')}: {row['target']})",
                        row["message"], row["expected_action"], decision, row["effect"], row["measured"]])
    plan_header = ["#", "area", "observation", "action", "owner", "by"]
    plan_rows = [[n, a["area"], a["observation"], a["action"], a["owner"], "before the next drill"]
                 for n, a in enumerate(areas, start=1)]

    sections = [
        ("Objectives", table(obj_header, obj_rows, obj_classes) + f"<p class=\"note\">{esc(rating_note)}</p>"),
        ("Timeline: inject, decision, effect", table(tl_header, tl_rows)),
        ("Strengths", _html_list(strengths or ["none drawn from the figures"])),
        ("Areas for improvement", _html_list([f"{a['area']}: {a['observation']}" for a in areas] or ["none"])),
        ("Improvement plan", table(plan_header, plan_rows) if plan_rows else "<p>nothing to improve from this run's figures</p>"),
    ]
    if role_rows:
        sections.insert(2, ("Each role's actions and times", table(role_header, role_rows)))
    if hook.branch is not None:
        from sim.drill.branch import branch_section

        sections.append(branch_section(hook.branch, hook, model, folder))
    write_text_atomically(folder / "after-action.html",
                          page(f"After-action report: {drill.name}", sections, intro))
    md = [f"# After-action report: {drill.name}", "", intro, "",
          "## Objectives", "", _md_table(obj_header, obj_rows), "", rating_note, "",
          "## Timeline: inject, decision, effect", "", _md_table(tl_header, tl_rows), "",
          ] + (["## Each role's actions and times", "", _md_table(role_header, role_rows), ""] if role_rows else []) + [
          "## Strengths", ""] + [f"- {s}" for s in strengths or ["none drawn from the figures"]] + [
          "", "## Areas for improvement", ""] + [f"- {a['area']}: {a['observation']}" for a in areas or []] + (
          [] if areas else ["- none"]) + ["", "## Improvement plan", "",
          _md_table(plan_header, plan_rows) if plan_rows else "nothing to improve from this run's figures", "",
          "Figures: see report.html and plots/ in this folder.", ""]
    if hook.branch is not None:
        same = getattr(hook, "branch_identical_until_branch_time", None)
        md += ["## Branch", "", f"Branch of `{hook.branch.original_folder}` from minute "
               f"{hook.branch.from_minute:g}; identical to the original up to then: {'yes' if same else 'NO'}. "
               "See report.html for the side-by-side figures.", ""]
    write_text_atomically(folder / "after-action.md", "\n".join(md))
    return sections


def _players_set_up(hook) -> bool:
    return any(s.get("by") not in ("model", None) for s in getattr(hook, "channel_set_ups", ()))


def roles_table(hook) -> tuple[list[str], list[list]]:
    """What each role of a drill played in a room did and when (sim and wall time), in time
    order: decisions, actions from its menu, and the command centre's channel set-ups stage by
    stage. Empty for a drill played at a terminal (its decisions are in the timeline)."""
    rows = []
    for d in hook.decisions:
        if d.get("live") or d.get("role"):
            rows.append((d["minute"], d.get("role", "-"), d["time"], d.get("wall_time", "-"),
                         f"decision at {d['inject']}: {d['label']} ({d['by']})", d["result"],
                         measured_effect_text(d) or "-"))
    for a in hook.actions:
        rows.append((a["minute"], a["role"], a["time"], a.get("wall_time", "-"), a["label"], a["result"],
                     measured_effect_text(a) or "-"))
    for s in hook.channel_set_ups:
        stages = ", ".join(f"{st['stage']} +{st['minute'] - s['locked_minute']:.1f} min"
                           for st in s.get("stages", []))
        what = (f"channel set-up of {s['village']}: {stages}" if s.get("by") != "model"
                else f"channel set-up of {s['village']} handed to the model")
        picked = "; ".join(f"{k}: {', '.join(v)}" for k, v in (s.get("stores") or {}).items()) or "-"
        rows.append((s["minute"], "command_centre", _minute_clock(hook, s["minute"]), s.get("wall_time", "-"),
                     what, f"channels open {s['minutes_taken']:g} min after the lockdown"
                     if s.get("by") != "model" else "-", picked))
    rows.sort(key=lambda r: r[0])
    header = ["role", "sim time", "wall time", "what", "result", "measured / stores"]
    return header, [[r[1].replace("_", " "), r[2], r[3], r[4], r[5], r[6]] for r in rows]


def _minute_clock(hook, minute: float) -> str:
    from sim.drill.drill_time import drill_clock

    return drill_clock(hook.drill, minute)


def _html_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def _md_table(header: list[str], rows: list[list]) -> str:
    def cell(v) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out)
