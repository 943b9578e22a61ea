"""The after-action report (Markdown and HTML): objectives met or not with their figures, the
timeline of inject, decision and effect, strengths and areas for improvement drawn from the
figures, and an improvement plan the town can act on before the next drill."""

from __future__ import annotations

from pathlib import Path

from sim.apps.drill.beyond_options import beyond_the_options
from sim.apps.drill.clock_log import clock_section
from sim.apps.drill.evaluator_report import COLUMN as EVALUATORS_COLUMN
from sim.apps.drill.evaluator_report import SECTION as EVALUATORS_SECTION
from sim.apps.drill.evaluator_report import evaluations_of, observations_table, ratings_cell
from sim.apps.drill.hseep import THRESHOLDS, rate, rating_text
from sim.apps.drill.judgement import OWNER as DECISION_OWNER
from sim.apps.drill.judgement import (
    PLANNER,
    judge_decision,
    measured_effect_text,
    outside_control,
    shadow_judged,
)
from sim.apps.drill.objectives import ObjectiveResult, evaluate
from sim.apps.drill.set_up_quality import capped_rating, set_up_flaws
from sim.apps.drill.what_changed import shadow_effect_text, shadow_method
from sim.apps.report.html_page import esc, page, table
from sim.apps.report.markdown_table import md_table
from sim.core.atomic_files import write_text_atomically
from sim.core.i18n import DATE_TIME_FORMAT, HTML_LANG, N_
from sim.core.phrase import Phrase, Phrases

# objective -> (what to do when it is missed, who owns it)
REMEDIES = {
    "channel_open": (N_("Pre-assign the standard set of stores per village in the ledger and rehearse "
                        "setting up the volunteer and supply groups"), N_("town alliance command centre")),
    "urgent_pickup": (N_("Put more dedicated urgent-needs staff on duty on lockdown days; keep a list of "
                         "chronic-medicine households per village"), N_("urgent-needs staff lead")),
    "fill_rate": (N_("Activate reserve stores and order from suppliers before shelves fall below a third; "
                     "stock the town depot"), N_("emergency supply group")),
    "lead_time": (N_("Whitelist more couriers and move gate volunteers to the busiest gates at peak hours"),
                  N_("delivery group lead")),
}
EFFECT_WINDOW_MINUTES = 6 * 60


def _row_at(ts, minute: float):
    """The first reporting tick at or after `minute` (the state just before anything later)."""
    later = ts[ts["minute"] >= minute]
    return later.iloc[0] if len(later) else ts.iloc[-1]


def measured_effect(row: dict, ts, villages: set[str]) -> Phrase:
    """Orders waiting (in the target village, or town-wide) at the inject and six hours on."""
    minute = row["minute"]
    before, after = _row_at(ts, minute), _row_at(ts, minute + EFFECT_WINDOW_MINUTES)
    if row["target"] in villages and f"village_{row['target']}_open" in ts:
        col, where = f"village_{row['target']}_open", Phrase("in {village}", village=row["target"])
    else:
        col, where = "orders_open", Phrase("town-wide")
    text = Phrase("orders waiting {where}: {before:.0f} then {after:.0f} six hours later", where=where,
                  before=before[col], after=after[col])
    if row["kind"] == "courier_quarantine":
        text = Phrases([text, Phrase("couriers idle {before:.0f} then {after:.0f}",
                                     before=before["couriers_idle"], after=after["couriers_idle"])])
    return text


def findings(results: list[ObjectiveResult], kpis: dict, hook, beyond: dict | None = None,
             flaws=()) -> tuple[list[str], list[dict]]:
    """Strengths (objectives met, decisions that did what was expected and moved their figure)
    and areas for improvement; an objective no option could move is marked as outside the
    table's control, and one no option could meet (`beyond`: objective -> why) goes to the
    exercise planner, not the table. Texts are Phrases and catalogue messages, said in the
    report's language."""
    strengths, areas = [], []
    spec = hook.drill.spec
    control = {**outside_control(spec, _players_set_up(hook)), **(beyond or {})}
    for r in results:
        figure = (Phrase("{figure} (target {target}) ({control})", figure=r.figure, target=r.target,
                         control=control[r.objective]) if r.objective in control else
                  Phrase("{figure} (target {target})", figure=r.figure, target=r.target))
        if r.met:
            strengths.append(Phrase("{title}: {figure}.", title=Phrase(r.title), figure=figure))
        elif r.met is False and r.objective in (beyond or {}):
            areas.append({"area": r.title, "observation": figure, "owner": PLANNER,
                          "action": N_("Set a target the town's opening hours allow, or give the table an "
                                       "option that changes what holds it")})
        elif r.met is False:
            action, owner = REMEDIES[r.objective]
            areas.append({"area": r.title, "observation": figure, "action": action, "owner": owner})
    for flaw in flaws:
        areas.append({"area": N_("Channel set-up: stores picked"), "observation": flaw, "owner": DECISION_OWNER,
                      "action": N_("Pick licensed stores without an infection-risk flag, the village's own first")})
    if kpis.get("stockout_store_hours"):
        areas.append({"area": N_("Stock at stores"),
                      "observation": Phrase("{hours:g} store-hours with a category sold out",
                                            hours=kpis["stockout_store_hours"]),
                      "action": N_("Order earlier when a category runs low; "
                                   "keep the overnight estimate per locked village"),
                      "owner": N_("emergency supply group")})
    if kpis.get("orders_cancelled"):
        areas.append({"area": N_("Orders cancelled"),
                      "observation": Phrase("{orders:,} orders cancelled "
                                            "(closed store, empty shelf or waited too long)",
                                            orders=kpis["orders_cancelled"]),
                      "action": N_("Re-route a closed store's orders at once; tell households when a channel changes"),
                      "owner": N_("store liaison in the supply group")})
    for d in hook.decisions:
        verdict = judge_decision(d, spec.inject(d["inject"]))
        if verdict is None:
            continue
        where = Phrase("Decision at {time} ({inject})", time=d["time"], inject=d["inject"])
        if verdict.strength:
            strengths.append(Phrase("{where}: {verdict}.", where=where, verdict=verdict.text))
        else:
            areas.append({"area": where, "observation": verdict.text, "action": verdict.action,
                          "owner": verdict.owner})
    for a in getattr(hook, "actions", ()):
        if a.get("without_it") is None:
            continue
        verdict = shadow_judged(a, a["label"])
        where = Phrase("Action at {time} ({role})", time=a["time"], role=Phrase(a["role"].replace("_", " ")))
        if verdict.strength:
            strengths.append(Phrase("{where}: {verdict}.", where=where, verdict=verdict.text))
        else:
            areas.append({"area": where, "observation": verdict.text, "action": verdict.action,
                          "owner": verdict.owner})
    if hook.state.extra_orders_refused:
        strengths.append(Phrase("The order cap refused {refused:,} rumour-driven extra orders "
                                "({placed:,} got through).",
                                refused=hook.state.extra_orders_refused, placed=hook.state.extra_orders_placed))
    return strengths, areas


def write_after_action(hook, model, folder: Path) -> list[tuple[str, str]]:
    """Write after-action.md and after-action.html in the drill's language; return the sections
    for report.html."""
    drill = hook.drill
    sp = drill.speaker
    tr, say = sp.tr, sp.say
    kpis = model.kpis()
    results = evaluate(model, kpis, drill.spec.objectives)
    tested_by = {}
    for inject in drill.spec.injects:
        tested_by.setdefault(inject.objective, []).append(inject.id)
    ts = model.timeseries.to_pandas()
    villages = set(model.villages)
    effects = {d["inject"]: effect_text(d) for d in hook.decisions}
    for row in hook.timeline:
        row["measured"] = measured_effect(row, ts, villages)
        if effects.get(row["inject"]):
            row["measured"] = Phrases([row["measured"], Phrase("decision: {effect}", effect=effects[row["inject"]])])
    beyond = beyond_the_options(model, drill.spec.objectives)
    flaws = set_up_flaws(model, getattr(hook, "channel_set_ups", ()))
    strengths, areas = findings(results, kpis, hook, beyond, flaws)
    start = model.clock.to_datetime(0)
    end = model.clock.to_datetime(model.horizon_minutes)
    when = DATE_TIME_FORMAT[sp.lang]
    who = sp.names(sorted({d["by"] for d in hook.decisions})) or tr("no decision points")
    intro = tr("Drill {drill} on scenario {scenario}, seed {seed}, {start} to {end}; decisions by: {who}.").format(
        drill=drill.name, scenario=model.spec.run.name, seed=hook.seed, start=f"{start:{when}}",
        end=f"{end:{when}}", who=who)
    if getattr(hook, "shadows_pending", False):
        intro += " " + tr("What each decision changed against the same drill without it is being worked out; "
                          "this report is written again when that is done.")
    if any(r.get("without_it") is not None for r in (*hook.decisions, *getattr(hook, "actions", ()))):
        intro += " " + say(shadow_method(drill.spec.drill.shadow_seeds))

    control = outside_control(drill.spec, _players_set_up(hook))
    obj_header = [tr(h) for h in (N_("objective"), N_("target"), N_("figure"), N_("result"), N_("tested by injects"),
                                  N_("in the table's control"), N_("HSEEP rating"))]
    obj_rows = [[tr(r.title), say(r.target), say(r.figure), tr(r.verdict),
                 ", ".join(tested_by.get(r.objective, [])) or "-",
                 say(Phrase("no: no option can move it; {who}", who=control[r.objective].values["who"]))
                 if r.objective in control else
                 say(Phrase("no: {why}", why=beyond[r.objective])) if r.objective in beyond else tr("yes"),
                 rating_text(_rating(r.objective, model, kpis, drill.spec.objectives, flaws), tr)]
                for r in results]
    obj_classes = [["", "", "", {True: "met", False: "missed", None: ""}[r.met], "", "", ""] for r in results]
    rating_note = tr("HSEEP ratings from the figures: {thresholds}.").format(thresholds=tr("; ").join(
        f"{_short_title(tr(r.title))}{tr(': ')}{tr(THRESHOLDS[r.objective])}" for r in results))
    evaluations = evaluations_of(hook)
    if evaluations:  # the evaluators' ratings beside the model's
        obj_header.append(tr(EVALUATORS_COLUMN))
        for r, row, classes in zip(results, obj_rows, obj_classes):
            row.append(ratings_cell(evaluations, r.objective, tr))
            classes.append("")
    role_header, role_rows = roles_table(hook, sp)
    tl_header = [tr(h) for h in (N_("time"), N_("inject"), N_("what the table heard"), N_("expected action"),
                                 N_("decision"), N_("effect"), N_("measured"))]
    tl_rows = []
    for row in hook.timeline:
        inject = drill.spec.inject(row["inject"])
        decision = "-" if row["choice"] is None else tr("{label} ({by}): {result}").format(
            label=sp.text(inject.option(row["choice"]), "label"), by=say(row["by"]), result=say(row["result"]))
        tl_rows.append([row["time"], tr("{inject} ({kind}: {target})").format(
                            inject=row["inject"], kind=sp.kind(row["kind"]), target=sp.show(row["target"])),
                        sp.text(inject, "message"), sp.text(inject, "expected_action"), decision,
                        say(row["effect"]), say(row["measured"])])
    plan_header = [tr(h) for h in ("#", N_("area"), N_("observation"), N_("action"), N_("owner"), N_("by"))]
    plan_rows = [[n, say(a["area"]), say(a["observation"]), tr(a["action"]), tr(a["owner"]),
                  tr("before the next drill")]
                 for n, a in enumerate(areas, start=1)]
    strengths_said = [say(s) for s in strengths] or [tr("none drawn from the figures")]
    areas_said = [f"{say(a['area'])}{tr(': ')}{say(a['observation'])}" for a in areas] or [tr("none")]
    nothing = tr("nothing to improve from this run's figures")
    heads = {key: tr(key) for key in (N_("Objectives"), N_("Timeline: inject, decision, effect"), N_("Strengths"),
                                      N_("Areas for improvement"), N_("Improvement plan"),
                                      N_("Each role's actions and times"))}

    sections = [
        (heads["Objectives"], table(obj_header, obj_rows, obj_classes) + f"<p class=\"note\">{esc(rating_note)}</p>"),
        (heads["Timeline: inject, decision, effect"], table(tl_header, tl_rows)),
        (heads["Strengths"], _html_list(strengths_said)),
        (heads["Areas for improvement"], _html_list(areas_said)),
        (heads["Improvement plan"], table(plan_header, plan_rows) if plan_rows else f"<p>{esc(nothing)}</p>"),
    ]
    if role_rows:
        sections.insert(2, (heads["Each role's actions and times"], table(role_header, role_rows)))
    eval_header, eval_rows = observations_table(evaluations, tr)
    if eval_rows:
        sections.insert(1, (tr(EVALUATORS_SECTION), table(eval_header, eval_rows)))
    if hook.branch is not None:
        from sim.apps.drill.branch import branch_section

        sections.append(branch_section(hook.branch, hook, model, folder))
    clock = clock_section(hook, sp)  # a drill played in a room: how its clock was run
    if clock is not None:
        sections.append(clock[:2])
    title = tr("After-action report: {name}").format(name=drill.name)
    write_text_atomically(folder / "after-action.html", page(title, sections, intro, HTML_LANG[sp.lang]))
    md = [f"# {title}", "", intro, "",
          f"## {heads['Objectives']}", "", md_table(obj_header, obj_rows), "", rating_note, "",
          ] + ([f"## {tr(EVALUATORS_SECTION)}", "", md_table(eval_header, eval_rows), ""] if eval_rows else []) + [
          f"## {heads['Timeline: inject, decision, effect']}", "", md_table(tl_header, tl_rows), "",
          ] + ([f"## {heads['Each role' + chr(39) + 's actions and times']}", "", md_table(role_header, role_rows), ""]
               if role_rows else []) + [
          f"## {heads['Strengths']}", ""] + [f"- {s}" for s in strengths_said] + [
          "", f"## {heads['Areas for improvement']}", ""] + [f"- {a}" for a in areas_said] + [
          "", f"## {heads['Improvement plan']}", "",
          md_table(plan_header, plan_rows) if plan_rows else nothing, "",
          tr("Figures: see report.html and plots/ in this folder."), ""]
    if hook.branch is not None:
        same = getattr(hook, "branch_identical_until_branch_time", None)
        md += [f"## {tr('Branch')}", "", tr("Branch of `{folder}` from minute {minute:g}; identical to the original "
               "up to then: {same}. See report.html for the side-by-side figures.").format(
                   folder=hook.branch.original_folder, minute=hook.branch.from_minute,
                   same=tr("yes") if same else tr("NO")), ""]
    if clock is not None:
        md += [f"## {clock[0]}", "", clock[2], ""]
    write_text_atomically(folder / "after-action.md", "\n".join(md))
    return sections


def effect_text(record: dict):
    """What a decision or action did (the figure it should move) and, once the shadows have
    run, what it changed against the same drill without it."""
    parts = [p for p in (measured_effect_text(record), shadow_effect_text(record)) if p]
    return Phrases(parts, "; ") if parts else None


def _rating(objective: str, model, kpis: dict, targets, flaws: list) -> str | None:
    """The HSEEP rating; the channels' is capped by the players' set-up quality."""
    rating = rate(objective, model, kpis, targets)
    return capped_rating(rating, flaws) if objective == "channel_open" else rating


def _short_title(title: str) -> str:
    """An objective's title without its explanation in brackets, as the rating note names it."""
    return title.split(" (")[0].split("（")[0].lower()


def _players_set_up(hook) -> bool:
    return any(s.get("by") not in ("model", None) for s in getattr(hook, "channel_set_ups", ()))


def roles_table(hook, sp) -> tuple[list[str], list[list]]:
    """What each role of a drill played in a room did and when (sim and wall time), in time
    order: decisions, actions from its menu, and the command centre's channel set-ups stage by
    stage, in the language of `sp`. Empty for a drill played at a terminal (its decisions are
    in the timeline)."""
    tr, say = sp.tr, sp.say
    rows = []
    spec = hook.drill.spec
    for d in hook.decisions:
        if d.get("live") or d.get("role"):
            label = sp.text(spec.inject(d["inject"]).option(d["choice"]), "label")
            rows.append((d["minute"], d.get("role", "-"), d["time"], d.get("wall_time", "-"),
                         tr("decision at {inject}: {label} ({by})").format(inject=d["inject"], label=label,
                                                                           by=say(d["by"])),
                         say(d["result"]), say(effect_text(d)) or "-"))
    for a in hook.actions:
        rows.append((a["minute"], a["role"], a["time"], a.get("wall_time", "-"), say(a["label"]), say(a["result"]),
                     say(effect_text(a)) or "-"))
    for s in hook.channel_set_ups:
        stages = tr(", ").join(tr("{stage} +{minutes:.1f} min").format(stage=tr(STAGE_WORDS[st["stage"]]),
                                                                       minutes=st["minute"] - s["locked_minute"])
                               for st in s.get("stages", []))
        what = (tr("channel set-up of {village}: {stages}").format(village=sp.show(s["village"]), stages=stages)
                if s.get("by") != "model" else
                tr("channel set-up of {village} handed to the model").format(village=sp.show(s["village"])))
        picked = tr("; ").join(f"{sp.show(k)}{tr(': ')}{sp.names(v)}"
                               for k, v in (s.get("stores") or {}).items()) or "-"
        rows.append((s["minute"], "command_centre", _minute_clock(hook, s["minute"]), s.get("wall_time", "-"),
                     what, _set_up_time(s, tr) if s.get("by") != "model" else "-", picked))
    rows.sort(key=lambda r: r[0])
    header = [tr(h) for h in (N_("role"), N_("sim time"), N_("wall time"), N_("what"), N_("result"),
                              N_("measured / stores"))]
    return header, [[role_title(r[1], tr) if r[1] != "-" else "-", r[2], r[3], r[4], r[5], r[6]] for r in rows]


def _set_up_time(set_up: dict, tr) -> str:
    """How long a set-up took; work done while paused in wall minutes, marked (paused_work.py)."""
    text = tr("channels open {minutes:g} min after the lockdown").format(minutes=set_up["minutes_taken"])
    if set_up.get("paused_wall_minutes"):
        text += tr(", and {paused:.1f} wall min while the clock was paused").format(
            paused=set_up["paused_wall_minutes"])
    return text


# the command centre's set-up stages, as a report names them
STAGE_WORDS = {"groups": N_("groups"), "stores": N_("stores"), "confirm": N_("confirm"), "publish": N_("publish")}


def role_title(role: str, tr) -> str:
    """A role ("command_centre") as a report names it ("command centre")."""
    return tr(role.replace("_", " "))


def _minute_clock(hook, minute: float) -> str:
    from sim.apps.drill.drill_time import drill_clock

    return drill_clock(hook.drill, minute)


def _html_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"
