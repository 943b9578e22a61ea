"""A room the model cannot stall and a malformed request cannot break: the pages answer within
a second while a large action holds the model, a request that acts is checked (Origin, Content-Type,
size, shape) and no body, however malformed, gets a server error. A real server on a free port
of this machine, and a plain HTTP client."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.apps.drill.web.busy_model import BUSY_HEADER
from sim.apps.drill.web.request_checks import MAX_BODY_BYTES
from sim.apps.drill.web.server import DrillServer
from tests.support.live_room import paused_session


class Http:
    """Raw requests to the drill's server: any bytes, any headers."""

    def __init__(self, server: DrillServer):
        self.host, self.port = server.host, server.port

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, parsed JSON or the text, headers, seconds taken)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        start = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            answer = connection.getresponse()
            raw = answer.read()
            took = time.monotonic() - start
        finally:
            connection.close()
        try:
            data = json.loads(raw)
        except ValueError:
            data = raw.decode(errors="replace")
        return answer.status, data, answer.headers, took  # headers by any case

    def post(self, path: str, data, token: str, **headers):
        return self.send("POST", path, json.dumps(data).encode(),
                         {"Content-Type": "application/json", "X-Drill-Token": token, **headers})


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    for session in paused_session(tmp_path_factory.mktemp("guard")):
        server = DrillServer(session, "127.0.0.1", 0)
        server.start()
        yield session, server, Http(server)
        server.stop()


def test_pages_answer_within_a_second_while_a_large_action_holds_the_model(room, monkeypatch):
    session, server, http_ = room
    tokens = session.tokens
    group = type(session.model.delivery_group)
    add_courier = group.add_courier

    def slow_add_courier(self, *args, **kwargs):  # a town where each new courier takes 30 ms
        time.sleep(0.03)
        return add_courier(self, *args, **kwargs)

    monkeypatch.setattr(group, "add_courier", slow_add_courier)
    for token in tokens.values():  # the pages are open: each has drawn its state once
        assert http_.send("GET", f"/api/state?t={token}")[0] == 200
    before = len(session.model.delivery_group.couriers)
    acted = {}
    largest = {"action": "whitelist_couriers", "fields": {"couriers": 100}}  # the most allowed: 3 s here
    worker = threading.Thread(target=lambda: acted.update(
        answer=http_.post("/api/act", largest, tokens["delivery_group"])))
    started = time.monotonic()
    worker.start()
    time.sleep(0.3)
    took, busy = [], 0
    while worker.is_alive() and time.monotonic() - started < 2.5:
        for role, token in tokens.items():
            status, data, headers, seconds = http_.send("GET", f"/api/state?t={token}")
            assert status == 200 and data["role"] == role
            took.append(seconds)
            marked = headers.get(BUSY_HEADER) == "1"
            busy += marked
            assert data["model_busy"] is marked  # the page's JSON says it too, for its notice
            if marked:
                assert data["requests_waiting"] == 1  # the delivery group's, waiting for the model
        status, page, _, seconds = http_.send("GET", "/", headers={"X-Drill-Token": tokens["supply_group"]})
        assert status == 200 and "<svg id=\"map\"" in page
        took.append(seconds)
    worker.join(30)
    status, data, _, action_seconds = acted["answer"]
    assert status == 200 and data["ok"], data
    assert len(session.model.delivery_group.couriers) == before + 100
    assert action_seconds > 2.5  # the action did hold the model while the pages were asked
    assert len(took) >= 10 and max(took) < 1.0, sorted(took)[-5:]
    assert busy >= 5  # the states sent while the model was busy say so
    status, data, headers, _ = http_.send("GET", f"/api/state?t={tokens['facilitator']}")
    assert BUSY_HEADER not in headers and sum(data["roll_call"]["couriers"].values()) >= before + 100
    assert data["model_busy"] is False and "requests_waiting" not in data


def test_a_request_from_another_site_is_refused(room):
    session, _, http_ = room
    token = session.tokens["command_centre"]
    cap = {"action": "cap_orders", "fields": {"orders_per_household_day": 3}}
    status, data, _, _ = http_.post("/api/act", cap, token, Origin="http://elsewhere.example")
    assert status == 403 and "a request from another site (http://elsewhere.example)" in data["error"]
    assert session.model.platform.food_order_cap_per_day != 3
    own = f"http://{http_.host}:{http_.port}"
    assert http_.post("/api/act", cap, token, Origin=own)[0] == 200
    assert session.model.platform.food_order_cap_per_day == 3


def test_a_body_not_json_by_its_type_or_too_large_is_refused(room):
    session, _, http_ = room
    token = session.tokens["command_centre"]
    cap = json.dumps({"action": "cap_orders", "fields": {"orders_per_household_day": 4}}).encode()
    status, data, _, _ = http_.send("POST", "/api/act", cap, {"Content-Type": "text/plain", "X-Drill-Token": token})
    assert status == 415 and "Content-Type: application/json" in data["error"]
    padded = json.dumps({"action": "cap_orders", "fields": {"orders_per_household_day": 4},
                         "pad": "x" * MAX_BODY_BYTES}).encode()
    status, data, _, _ = http_.send("POST", "/api/act", padded, {"Content-Type": "application/json",
                                                                  "X-Drill-Token": token})
    assert status == 413 and f"at most {MAX_BODY_BYTES} bytes" in data["error"]
    assert session.model.platform.food_order_cap_per_day != 4
    status, data, _, _ = http_.post("/api/act", {"action": "cap_orders", "fields": ["orders_per_household_day", 4]},
                                    token)
    assert status == 400 and data["error"].startswith("fields: expected an object of texts and numbers")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                    lambda inner: (st.lists(inner, max_size=4)
                                   | st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                    max_leaves=12)
FIELD_NAMES = st.sampled_from(["action", "fields", "inject", "option", "village", "epoch", "stage", "stores",
                               "role", "played", "do", "speed", "couriers", "units", "store", "category",
                               "supplier", "orders_per_household_day", "volunteers", "from_village"])
VALUES = JSON | st.sampled_from(["V0", "V1", "SUP-0", "staples", "whitelist_couriers", "cap_orders",
                                 "order_from_supplier", "move_volunteers", "v0-rumour", "groups", "stores",
                                 "pause", "speed", "command_centre", 1e308, 10**30, -1, 0, 2**63])
OBJECTS = st.dictionaries(FIELD_NAMES, VALUES | st.dictionaries(FIELD_NAMES, VALUES, max_size=5), max_size=6)
BODIES = (OBJECTS.map(lambda o: json.dumps(o).encode()) | JSON.map(lambda o: json.dumps(o).encode())
          | st.binary(max_size=200) | st.sampled_from([b"", b"[" * 5000, b'{"a": NaN}', b"\xff\xfe{",
                                                        b'{"fields": {"couriers": 1e999}}']))
ENDPOINTS = st.sampled_from([("/api/act", "delivery_group"), ("/api/act", "command_centre"),
                             ("/api/act", "supply_group"), ("/api/act", "urgent_desk"),
                             ("/api/decide", "command_centre"), ("/api/set_up", "command_centre"),
                             ("/api/clock", "facilitator"), ("/api/roles", "facilitator")])
TYPES = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", ""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=ENDPOINTS, body=BODIES, content_type=TYPES)
def test_no_body_gets_a_server_error(room, endpoint, body, content_type):
    session, _, http_ = room
    path, role = endpoint
    status, data, _, _ = http_.send("POST", path, body, {"Content-Type": content_type,
                                                          "X-Drill-Token": session.tokens[role]})
    assert status in (200, 400, 403, 413, 415, 503), (status, data)
    assert isinstance(data, dict) and ("ok" in data or "error" in data), data
    assert "Traceback" not in json.dumps(data)
    session.pause()  # the clock stays where the test can read it
