"""`rehearse drill SPEC --web`: start the drill, serve its pages, print one link per role."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from sim.apps.drill.web.room_links import terminal_qr, write_qr_files
from sim.apps.drill.web.run_journal import (
    JOURNAL_FILE,
    TOKENS_FILE,
    RunJournal,
    journal_problems,
    read_journal,
    resume_branch,
    write_tokens,
)
from sim.core.i18n import DATE_TIME_FORMAT
from sim.core.run_folder import default_run_dir
from sim.inputs.scenario_loading import Problem, ScenarioError


def serve_drill(drill, args, branch=None) -> int:
    """`branch` (sim.apps.drill.branch.Branch): the room picks a drill already played up at its time."""
    from sim.apps.drill.web.server import DrillServer
    from sim.apps.drill.web.session import LiveDrill

    seed = drill.seed if args.seed is None else args.seed
    if getattr(args, "resume", None):
        session, out = _resumed(drill, args)
    else:
        out = Path(args.out) if args.out else default_run_dir(drill.name, seed)
        if out.exists() and not args.overwrite:
            raise ScenarioError([Problem("(command line)", None, "--out",
                                         f"{out} exists; choose another folder or pass --overwrite")])
        session = LiveDrill(drill, out, seed=seed, speed=args.speed, overwrite=args.overwrite, branch=branch)
        for stale in (JOURNAL_FILE, TOKENS_FILE):  # --overwrite: an older drill's journal is not this one's
            (out / stale).unlink(missing_ok=True)
        session.saved = session.hook.saved = RunJournal(out, journal_header(drill, args, session), session.tokens)
    try:
        server = DrillServer(session, args.host, args.port)
    except OSError as exc:
        raise ScenarioError([Problem("(command line)", None, "--port",
                                     f"cannot listen on {args.host}:{args.port}: {exc.strerror}; "
                                     "allowed: a free port (or 0 for any)")]) from None
    try:
        session.start()
    except (KeyError, ValueError) as exc:
        if branch is None:
            raise
        raise ScenarioError([Problem(str(branch.original_folder), None, "--branch-of",
                                     f"its log does not replay on this drill ({exc!r}); allowed: a folder "
                                     f"of this drill file, run with the same seed")]) from None
    tr = session.speaker.tr
    print(tr("{drill}: drill served at {base} (paused at {start}, speed x{speed:g}); one link per role, "
             "each with its own token:").format(drill=drill.name, base=server.base, speed=session.speed,
                                               start=f"{session.model.clock.to_datetime(session.model.env.now):{DATE_TIME_FORMAT[drill.lang]}}"))
    print_links(server, session, out, args.host, tr)
    print(tr("the facilitator presses Play; Ctrl-C stops the server (a drill stopped before its end writes no folder)"),
          flush=True)
    try:
        server.run()
    finally:
        if not session.done.is_set():
            session.stop()
            print(tr("stopped before the drill's end: what was done is saved in {journal}; to go on with the "
                     "same links: {command}").format(journal=out / JOURNAL_FILE, command=shlex.join(
                         ["rehearse", "drill", str(args.spec), "--web", "--resume", str(out)])), file=sys.stderr)
    if session.folder is not None:
        shadows = getattr(session.hook, "shadow_runs", None)
        if shadows is not None and not shadows.done.is_set():
            print(tr("working out what each decision changed against the same drill without it; the "
                     "after-action report is written again when that is done"), file=sys.stderr, flush=True)
            shadows.done.wait()
        print(tr("drill folder: {folder}").format(folder=session.folder))
        return 0
    return 130


def print_links(server, session, out: Path, host: str, tr) -> None:
    """One link per role, the QR codes of the links as PNG and SVG in the run folder, and on the
    room's network (not this machine only) each role's QR code in the terminal too."""
    links = server.links()
    for role, link in links.items():
        left = tr(" (left to the model)") if role in session.model_roles else ""
        print(f"  {role:<15} {link}{left}")
    for other in server.bases[1:]:
        print(tr("  also reachable at {base} (the same links with this address)").format(base=other))
    print(tr("QR codes of the links, to print: {folder}").format(folder=write_qr_files(out, links)))
    if host not in ("127.0.0.1", "localhost", "::1"):
        for role, link in links.items():
            print(f"{role}:\n{terminal_qr(link)}", end="")
        print(tr("note: listening on {host}: anyone on that network with a link can open its page").format(
            host=host))


def journal_header(drill, args, session) -> dict:
    """What a resume needs to rebuild the same drill: its file's name, seed, horizon, settings
    and who played which role at the start."""
    return {"drill": drill.name, "seed": session.seed, "days": args.days, "set": list(args.set),
            "model_roles": sorted(session.model_roles),
            "model_set_up_at_start": "command_centre" in session.model_roles}


def _resumed(drill, args):
    """The session of a stopped drill, from its folder's journal: same seed, same tokens."""
    from sim.apps.drill.web.session import LiveDrill

    out = Path(args.resume)
    header, entries, tokens = read_journal(out)
    asked = {"drill": drill.name, "days": args.days, "set": list(args.set)}
    differ = [f"{k}: the journal has {header.get(k)!r}, this command {v!r}" for k, v in asked.items()
              if header.get(k) != v]
    if args.seed is not None and args.seed != header["seed"]:
        differ.append(f"seed: the journal has {header['seed']}, this command {args.seed}")
    if differ:
        raise ScenarioError([Problem(str(out / JOURNAL_FILE), 1, "header",
                                     f"{d}; allowed: the same drill file and options as the drill stopped")
                             for d in differ])
    wrong = journal_problems(out, entries, drill.scenario)
    if wrong:
        raise ScenarioError(wrong)
    branch = resume_branch(out, entries, header)
    session = LiveDrill(drill, out, seed=header["seed"], speed=args.speed, model_roles=header["model_roles"],
                        branch=branch, saved=RunJournal(out), resumed=entries, tokens=tokens)
    if session.room.new_tokens:  # a folder from before a role's link: its new link holds from now on
        write_tokens(out, session.tokens)
    return session, out
