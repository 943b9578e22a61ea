"""`rehearse drill`: play an inject list against the town, with or without the table deciding."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from sim.apps.kpi_table import print_kpi_table
from sim.core.argument_types import positive_number, whole_number
from sim.core.i18n import LANGUAGES
from sim.core.problems import Problem, ScenarioError


def add_drill_command(subparsers) -> None:
    drill = subparsers.add_parser(
        "drill", help="play a drill's inject list; decide at the table, replay or branch",
        description="Run a drill. Without --interactive each decision point takes its default; "
                    "the decisions are saved to decisions.json in the output folder. With --web the "
                    "drill is played in browsers, by role, on the clock. `rehearse drill msel "
                    "export|import ...` converts the inject list to and from an MSEL spreadsheet (CSV).")
    drill.add_argument("spec", help="drill TOML (e.g. experiments/drill-beizang.toml)")
    drill.add_argument("--interactive", action="store_true",
                       help="pause at each decision point, show the situation, read the choice from the "
                            "terminal; with --decisions: replay FILE's choices, ask for the rest")
    drill.add_argument("--decisions", metavar="FILE",
                       help="decisions.json (or a drill run folder) to replay; with --from: the alternative "
                            "choices; with --interactive: the choices made before an interrupt")
    drill.add_argument("--from", dest="from_time", metavar="TIME",
                       help="branch time: days since the start (2.5) or a date and time (2022-11-12T19:30)")
    drill.add_argument("--branch-of", metavar="RUN_FOLDER",
                       help="with --from: the original drill's run folder (its decisions, and a room's actions "
                            "and set-ups, are kept before TIME); with --web the room plays on from TIME")
    drill.add_argument("--seed", type=whole_number(0), help="root seed (default: the drill's, else the scenario's)")
    drill.add_argument("--days", type=positive_number, help="horizon in days (every inject must fall inside it)")
    drill.add_argument("--out", help="output folder (default: results/<drill>-seed<N>-<time>)")
    drill.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    drill.add_argument("--quiet", action="store_true", help="no progress bar")
    drill.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                       help="set a scenario value by dotted path, read as TOML (repeatable; "
                            "wins over the drill's overrides), e.g. --set couriers.whitelist_size=50")
    drill.add_argument("--lang", choices=LANGUAGES,
                       help="language of the screens, pages and reports (default: the drill file's "
                            "[drill] lang, else the scenario's [run] lang, else en)")
    drill.add_argument("--check", action="store_true",
                       help="check the drill file and print its inject schedule, then play it with its "
                            "defaults to its last decision and try every option there: the store a role "
                            "names, options that cannot act and why, amounts the store has no room for "
                            "(writes nothing)")
    web = drill.add_argument_group("a drill played in a room (--web)")
    web.add_argument("--web", action="store_true",
                     help="serve the drill to browsers: prints one link per role (facilitator, command "
                          "centre, supply group, delivery group, urgent-medicine desk); the facilitator runs the clock")
    web.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for the room's network)")
    web.add_argument("--port", type=whole_number(0), default=8765, help="port (default 8765; 0: any free port)")
    web.add_argument("--speed", type=clock_speed,
                     help="simulated time per wall time between injects (1 = real time, at most 3600; default: "
                          "the drill's [web] speed); while a decision or set-up is open the clock runs at "
                          "[web] speed_while_open")
    web.add_argument("--resume", metavar="FOLDER",
                     help="pick a drill stopped before its end (a crash, Ctrl-C) up from FOLDER's journal: "
                          "replays what was done, same seed, same links (a finished drill is refused)")
    drill.set_defaults(func=cmd_drill)


def clock_speed(text: str) -> float:
    """`--speed`: within the room clock's bounds (an argparse error, exit 2, says them)."""
    import argparse

    from sim.apps.drill.web.room_clock import SPEED_MAX, SPEED_MIN

    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not SPEED_MIN <= value <= SPEED_MAX:
        raise argparse.ArgumentTypeError(f"expected a number from {SPEED_MIN} to {SPEED_MAX} "
                                         f"(simulated minutes per wall minute), got {text!r}")
    return value


def _usage(field: str, message: str) -> ScenarioError:
    return ScenarioError([Problem("(command line)", None, field, message)])


def cmd_drill(args) -> int:
    from sim.apps.drill.choosers import (
        BranchChooser,
        DefaultChooser,
        InteractiveChooser,
        ReplayChooser,
    )
    from sim.apps.drill.decisions_file import check_random_numbers, read_decisions
    from sim.apps.drill.live_entries import read_live_entries
    from sim.apps.drill.loading import load_drill
    from sim.apps.drill.runner import DrillInterrupted, run_drill
    from sim.core.run_folder import default_run_dir

    if (args.from_time is None) != (args.branch_of is None):
        raise _usage("--from", "a branch needs both --from TIME and --branch-of RUN_FOLDER")
    if args.from_time is not None and args.decisions is None and not (args.interactive or args.web):
        raise _usage("--from", "a branch needs the other choices: --decisions ALT.json, --interactive or --web")
    if args.resume is not None:
        if args.from_time is not None or args.interactive or args.decisions or args.out:
            raise _usage("--resume", "a drill picked up from its journal goes on in its own folder: leave out "
                                     "--from, --branch-of, --interactive, --decisions and --out")
        args.web = True
    if args.web and (args.interactive or args.decisions):
        raise _usage("--web", "a drill in the browser is played live: leave out --interactive and --decisions "
                              "(--from TIME --branch-of RUN_FOLDER picks a drill up in the room from TIME)")
    drill = load_drill(args.spec, horizon_days=args.days, set_options=args.set)
    if args.lang is not None:
        import dataclasses

        drill = dataclasses.replace(drill, lang=args.lang)
    sp = drill.speaker
    tr = sp.tr
    if args.check:
        print_schedule(drill)
        print_option_checks(drill, drill.seed if args.seed is None else args.seed)
        return 0
    if drill.lang == "zh":  # before simulating: the Chinese report's plots need a CJK font
        from sim.apps.report.cjk_font import require_cjk_font

        require_cjk_font()
    seed = drill.seed if args.seed is None else args.seed
    branch = None
    if args.from_time is not None:
        from sim.apps.drill.branch import load_branch

        branch = load_branch(args.branch_of, drill, args.from_time, args.decisions, seed)
        for note in branch.notes:
            print(tr("note: {note}").format(note=sp.say(note)))
    if args.web:
        from sim.apps.drill.web.serve import serve_drill

        return serve_drill(drill, args, branch)
    entries = None
    if branch is not None:
        from sim.apps.drill.branch import terminal_entries

        entries = terminal_entries(branch)
        chooser = BranchChooser(branch.original_choices, branch.alternative, branch.from_minute,
                                then=InteractiveChooser(speaker=sp) if args.interactive else None)
    elif args.decisions:  # with --interactive: the table decides what the file does not say
        check_random_numbers(args.decisions, drill)
        chooser = ReplayChooser(read_decisions(args.decisions, drill),
                                then=InteractiveChooser(speaker=sp) if args.interactive else None)
        entries = read_live_entries(args.decisions, drill)  # a drill played in a room
    elif args.interactive:
        chooser = InteractiveChooser(speaker=sp)
    else:
        chooser = DefaultChooser()
    out = Path(args.out) if args.out else default_run_dir(drill.name, seed)
    if drill.spec.locks_by_inject:
        print(tr("{drill}: lockdowns come from the inject list (the scenario's own schedule is replaced)").format(
            drill=drill.name))
    try:
        kpis, folder, hook = run_drill(drill, out, chooser, seed=seed, overwrite=args.overwrite,
                                       progress=not (args.quiet or args.interactive), branch=branch,
                                       entries=entries)
    except DrillInterrupted as stop:
        return save_on_interrupt(stop.hook, out, args)
    print()
    print_kpi_table({k: kpis[k] for k in ("orders_placed", "orders_delivered", "orders_cancelled",
                                          "fill_rate", "lead_time_minutes_p90",
                                          "channel_open_minutes_max", "urgent_pickup_minutes_p90")}, drill.lang)
    print("\n" + tr("{injects} injects, {decisions} decisions:").format(injects=len(hook.timeline),
                                                                    decisions=len(hook.decisions)))
    for d in hook.decisions:
        print(tr("  {time}  {inject}: {choice} ({by})").format(time=d["time"], inject=d["inject"],
                                                           choice=d["choice"], by=sp.say(d["by"])))
    print("\n" + tr("drill folder: {folder}").format(folder=folder))
    print("  report.html, after-action.html, after-action.md, decisions.json, plots/")
    return 0



EXIT_INTERRUPTED = 130


def save_on_interrupt(hook, out: Path, args) -> int:
    """Ctrl-C: keep the decisions taken so far (atomically, beside the output folder that was
    not written) and say how to go on from them."""
    from sim.apps.drill.decisions_file import write_decisions
    from sim.apps.drill.drill_time import drill_clock

    saved = out.parent / f"{out.name}.decisions-so-far.json"
    saved.parent.mkdir(parents=True, exist_ok=True)
    write_decisions(saved, hook.drill, hook.seed, hook.decisions)
    again = ["rehearse", "drill", args.spec]
    if args.from_time is not None:
        again += ["--from", args.from_time, "--branch-of", args.branch_of]
    again += ["--decisions", str(saved), "--interactive"]
    for flag, value in (("--seed", args.seed), ("--days", args.days), ("--out", args.out)):
        if value is not None:
            again += [flag, str(value)]
    tr = hook.drill.speaker.tr
    print("\n" + tr("interrupted at {time} after {decisions} decision(s); no drill folder was written.").format(
        time=drill_clock(hook.drill, hook.last_minute), decisions=len(hook.decisions)), file=sys.stderr)
    print(tr("decisions so far saved to: {file}").format(file=saved), file=sys.stderr)
    print(tr("to go on (replays them, then asks the table): {command}").format(command=shlex.join(again)),
          file=sys.stderr)
    return EXIT_INTERRUPTED


def print_schedule(drill) -> None:
    """The inject list in time order, as the trainer will play it."""
    import datetime as dt

    from sim.core.i18n import DATE_TIME_FORMAT

    sp = drill.speaker
    tr = sp.tr
    start = drill.scenario.run.start
    print(tr("{file}: valid drill {drill!r} on {scenario!r}, {days:g} days from {start}").format(
        file=drill.file, drill=drill.name, scenario=drill.scenario.run.name,
        days=drill.scenario.run.horizon_days, start=f"{start:{DATE_TIME_FORMAT[sp.lang]}}"))
    for inject in drill.injects_in_time_order():
        at = start + dt.timedelta(minutes=drill.inject_minutes[inject.id])
        menu = tr("  decision: {keys} (default {key})").format(
            keys=", ".join(o.key for o in inject.options), key=inject.default_option) if inject.decision else ""
        print(f"  {sp.clock(at) if sp.zh else f'{at:%a %d %b %H:%M}'}  {inject.id:<22} {inject.kind:<18} "
              f"{inject.target:<24} [{inject.objective}]{menu}")


def print_option_checks(drill, seed: int) -> None:
    """Every option tried at its decision point (`sim/apps/drill/option_rehearsal.py`)."""
    from sim.apps.drill.option_rehearsal import try_options

    sp = drill.speaker
    notes = try_options(drill, seed)
    if not notes:
        return
    print(sp.tr("Options tried at their decision points (the drill played with its defaults, seed {seed}):").format(
        seed=seed))
    for inject_id, key, note in notes:
        print(f"  {inject_id} [{key}]: {sp.say(note)}")
