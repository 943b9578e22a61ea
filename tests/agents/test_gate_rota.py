"""Gate volunteers rest one day in seven and break in turns: a gate thins out, never closes."""

from sim.inputs.small_town import small_town
from sim.model.town_model import TownModel

HOUR = 60


def _gate(volunteers: int = 7, **settings):
    scenario = small_town(villages=1, population=200, horizon_days=8.0, lockdown_days=[0.0],
                          volunteers={"duty_hours": [6, 23], **settings})
    data = scenario.model_dump(by_alias=True)
    data["villages"][0]["gate_volunteers"] = volunteers
    model = TownModel(type(scenario).model_validate(data))
    return model, model.villages["V0"].gate


def _servers_at(model, gate, minutes: list[float]) -> list[int]:
    seen = []
    for minute in minutes:
        model.env.run(until=minute + 1e-3)
        seen.append(gate.team.servers)
    return seen


def test_one_volunteer_of_seven_rests_each_day_and_breaks_come_in_turns():
    model, gate = _gate(7, rota={"days_on": 6, "days_off": 1}, break_hour=12.0, break_minutes=60,
                        break_spread_hours=2.0)
    day = 24 * HOUR
    mornings = _servers_at(model, gate, [d * day + 10 * HOUR for d in range(7)])
    assert mornings == [6] * 7  # one rests each day
    model, gate = _gate(7, rota={"days_on": 6, "days_off": 1}, break_hour=12.0, break_minutes=60,
                        break_spread_hours=2.0)
    lunch = _servers_at(model, gate, [12 * HOUR + m for m in range(0, 180, 10)])
    assert 0 < min(lunch) < 6 == max(lunch)  # some on their break, never all
    assert _servers_at(model, gate, [day + 5 * HOUR])[0] == 0  # before the gate opens


def test_moving_volunteers_keeps_the_rota_for_the_new_team():
    model, gate = _gate(2, rota={"days_on": 1, "days_off": 1}, break_hour=None)
    assert _servers_at(model, gate, [10 * HOUR]) == [1]  # of two, one rests each day
    gate.set_volunteers(6)
    assert gate.team.servers == 3
    assert _servers_at(model, gate, [24 * HOUR + 10 * HOUR]) == [3]


def test_without_rest_days_or_breaks_every_volunteer_works_the_gates_hours():
    model, gate = _gate(5, rota={"days_on": 1, "days_off": 0}, break_hour=None)
    assert _servers_at(model, gate, [10 * HOUR, 13 * HOUR, 22 * HOUR, 23.5 * HOUR]) == [5, 5, 5, 0]
