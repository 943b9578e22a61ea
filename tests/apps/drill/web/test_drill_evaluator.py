"""An evaluator's page in a drill played in a room: ratings (P, S, M, U) and observations per
objective through the HTTP API with the evaluator's own token, journaled with the rest, and set
beside the model's figures in the after-action report, in English and in Chinese."""

from __future__ import annotations

import json

import pytest

from sim.apps.drill.loading import load_drill
from sim.apps.drill.spec import PLAYER_ROLES
from sim.apps.drill.web.session import LiveDrill
from tests.support.drill_town import write_drill, zh_drill
from tests.support.live_drill import Client


def _room(spec, out):
    session = LiveDrill(load_drill(spec), out, model_roles=PLAYER_ROLES)
    session.start()
    return session, Client(session)


def _post(client, session, role, body):
    status, text = client.post("/api/evaluate", body, headers={"X-Drill-Token": session.tokens[role]})
    return status, json.loads(text)


def _finished_report(session) -> str:
    session.advance_to(session.model.horizon_minutes)
    assert session.done.wait(120) and session.error is None, session.error
    return (session.folder / "after-action.md").read_text(encoding="utf-8")


@pytest.fixture
def room(tmp_path):
    session, client = _room(write_drill(tmp_path), tmp_path / "out")
    yield session, client
    client.server.stop()
    if not session.done.is_set():
        session.stop()


def test_an_evaluator_rates_an_objective_and_the_report_sets_it_beside_the_figures(room):
    session, client = room
    session.advance(3 * 60)
    status, answer = _post(client, session, "evaluator", {
        "objective": "channel_open", "rating": "s", "observation": "Groups set up before the stores were picked"})
    assert status == 200, answer
    assert answer["result"]["rating"] == "S" and answer["result"]["time"] == "2022-11-10 03:00"
    entry = session.log[-1]
    assert entry["role"] == "evaluator" and entry["kind"] == "evaluation" and entry["wall_time"]
    state = json.loads(client.get("/api/state", headers={"X-Drill-Token": session.tokens["evaluator"]})[1])
    assert state["title"] == "Evaluator"
    assert [g["objective"] for g in state["evaluation"]["guides"]][0] == "channel_open"
    assert state["evaluation"]["recorded"][0]["observation"] == "Groups set up before the stores were picked"
    report = _finished_report(session)
    objectives = report.split("## Objectives")[1].split("## Evaluators' ratings and observations")[0]
    assert "| evaluators' ratings |" in objectives.splitlines()[2]
    channels = next(line for line in objectives.splitlines() if line.startswith("| Ordering channels open"))
    assert channels.endswith("| S |")
    observations = report.split("## Evaluators' ratings and observations")[1].split("## ")[0]
    assert ("| 2022-11-10 03:00 |" in observations and "S: performed with some challenges" in observations
            and "Groups set up before the stores were picked" in observations)
    kept = json.loads((session.folder / "decisions.json").read_text(encoding="utf-8"))["live"]["evaluations"]
    assert kept[0]["objective"] == "channel_open" and kept[0]["rating"] == "S"


def test_only_the_evaluator_s_token_rates(room):
    session, client = room
    session.advance(60)
    for role in ("command_centre", "facilitator"):
        status, answer = _post(client, session, role, {"objective": "fill_rate", "rating": "P"})
        assert status == 403 and "only an evaluator" in answer["error"]
    status, _ = client.post("/api/evaluate", {"objective": "fill_rate", "rating": "P"})
    assert status == 403
    assert session.hook.evaluations == []


@pytest.mark.parametrize("body,said", [
    ({"objective": "fill_rate", "rating": "X"}, "rating: 'X'; allowed: P, S, M, U"),
    ({"objective": "fill_rate", "rating": 3}, "rating: 3; allowed: P, S, M, U"),
    ({"objective": "fill_rate", "rating": None}, "rating: None; allowed: P, S, M, U"),
    ({"objective": "morale", "rating": "P"}, "objective: 'morale'; allowed: channel open, urgent pickup"),
    ({"objective": "fill_rate", "rating": "P", "observation": ["a"]}, "observation: must be text"),
    ({"objective": "fill_rate", "rating": "P", "observation": "x" * 2001}, "observation: 2,001 characters"),
    (["fill_rate", "P"], "the request's body must be a JSON object"),
])
def test_a_bad_evaluation_is_refused_with_a_message_not_a_500(room, body, said):
    session, client = room
    status, answer = _post(client, session, "evaluator", body)
    assert status == 400 and said in answer["error"]
    assert session.hook.evaluations == []


def test_the_chinese_report_shows_the_evaluators_ratings_in_chinese(tmp_path):
    session, client = _room(zh_drill(tmp_path / "zh"), tmp_path / "out")
    try:
        session.advance(60)
        status, answer = _post(client, session, "evaluator", {"objective": "fill_rate", "rating": "M",
                                                                "observation": "补货太晚"})
        assert status == 200, answer
        report = _finished_report(session)
    finally:
        client.server.stop()
    assert "## 评估员的评级与观察" in report and "补货太晚" in report and "M：" in report
