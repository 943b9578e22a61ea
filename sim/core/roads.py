"""Travel distances: shortest paths on the town's roads when it has a road network, straight
lines times a detour factor when it has none.

A road network (`[roads] edges`) joins villages, stores, the depot, the command centre, the
hospital and named junctions. Every trip asks one `Travel` object, built once per model, for
its km between two `Place`s:
- on the network, the shortest path over the roads open now (Dijkstra, cached per starting
  node until a road closes or reopens); `math.inf` when closures leave no way through;
- off it (no network, or a place the network does not name: the command centre, hospital and
  depot may be left out), the straight line between the two places' coordinates times
  `detour_factor`, as the town's roads wind.
A store the network does not name sits at its village's node (stores stand at their
village's coordinates); every village must be on the network, and every place on it must be
reachable from every other when no road is closed (anything else is a data mistake).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from sim.scenario import Scenario

DEPOT, COMMAND_CENTRE, HOSPITAL = "depot", "command_centre", "hospital"
DEFAULT_DETOUR_FACTOR = 1.3  # village roads wind: km by road per km as the crow flies
RESERVED_PLACES = (DEPOT, COMMAND_CENTRE, HOSPITAL)


@dataclass(frozen=True)
class Place:
    """Where a trip starts or ends: its node on the road network (None: off the network, or the
    town has none) and its map coordinates (km)."""

    node: str | None
    x_km: float
    y_km: float


def road(a: str, b: str) -> frozenset[str]:
    """A road's key: roads run both ways."""
    return frozenset((a, b))


class Travel:
    """Km between places, on the roads open now or as the crow flies times a detour factor."""

    def __init__(self, detour_factor: float, edges: list[tuple[str, str, float]] = ()):
        self.detour_factor = detour_factor
        self.graph: nx.Graph | None = None
        if edges:
            self.graph = nx.Graph()
            for a, b, km in edges:
                self.graph.add_edge(a, b, km=km)
        self._open = self.graph.copy() if self.graph is not None else None
        self._closures: Counter[frozenset[str]] = Counter()  # a road closed twice opens twice
        self._open_km: dict[str, dict[str, float]] = {}
        self._any_road_km: dict[str, dict[str, float]] = {}

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> Travel:
        roads = scenario.roads
        places = place_coordinates(scenario)
        return cls(roads.detour_factor,
                   [(e.from_, e.to, edge_km(e, places)) for e in roads.edges])

    @property
    def has_network(self) -> bool:
        return self.graph is not None

    @property
    def roads_closed(self) -> bool:
        return bool(self._closures)

    def place(self, name: str, x_km: float, y_km: float, fallback_node: str | None = None) -> Place:
        """The place called `name` (a village, store id, depot, command_centre, hospital or
        junction): on its own node if the network names it, else on `fallback_node` (a
        store's village), else off the network."""
        if self.graph is None:
            return Place(None, x_km, y_km)
        node = name if name in self.graph else fallback_node
        return Place(node, x_km, y_km)

    def km(self, a: Place, b: Place) -> float:
        """Road km from `a` to `b` over the roads open now (inf: no open way)."""
        if a.node is None or b.node is None:
            return self.detour_factor * math.hypot(a.x_km - b.x_km, a.y_km - b.y_km)
        return _from(self._open, a.node, self._open_km).get(b.node, math.inf)

    def km_through_closures(self, a: Place, b: Place) -> float:
        """`km`, or when closures leave no open way, the km over every road: how the command
        centre's emergency staff travel (a closure's barrier opens for them), and how a courier
        already inside a closed-off village leaves it (closures stop traffic going in)."""
        km = self.km(a, b)
        if km == math.inf:
            return _from(self.graph, a.node, self._any_road_km).get(b.node, math.inf)
        return km

    def reachable(self, a: Place, b: Place) -> bool:
        return self.km(a, b) < math.inf

    # --- closures ----------------------------------------------------------------------
    def close(self, a: str, b: str) -> bool:
        """Close the road a-b (again); True if it was open until now."""
        key = road(a, b)
        self._closures[key] += 1
        if self._closures[key] > 1:
            return False
        self._open.remove_edge(a, b)
        self._open_km.clear()
        return True

    def reopen(self, a: str, b: str) -> bool:
        """Lift one closure of the road a-b; True if that opened it."""
        key = road(a, b)
        self._closures[key] -= 1
        if self._closures[key] > 0:
            return False
        del self._closures[key]
        self._open.add_edge(a, b, km=self.graph.edges[a, b]["km"])
        self._open_km.clear()
        return True

    def closed_roads(self) -> list[tuple[str, str]]:
        return [tuple(sorted(key)) for key in self._closures]

    def open_pieces(self) -> list[set[str]]:
        """The parts of the network the open roads keep together (one while nothing cuts it)."""
        return [set(piece) for piece in nx.connected_components(self._open)]

    def roads_of(self, node: str) -> list[tuple[str, str]]:
        """Every road with `node` at one end (what closing the way into a village means)."""
        return [(node, other) for other in self.graph.neighbors(node)]



def _from(graph: nx.Graph, source: str, cache: dict[str, dict[str, float]]) -> dict[str, float]:
    """Km from `source` to every node it reaches, computed once per source."""
    found = cache.get(source)
    if found is None:
        found = cache[source] = nx.single_source_dijkstra_path_length(graph, source, weight="km")
    return found


# --- the scenario's places and the checks of its network ----------------------------------
def place_coordinates(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Every name a road may end at, with its coordinates (a store at its village's)."""
    cc = scenario.command_centre
    places = {v.name: (v.x_km, v.y_km) for v in scenario.villages}
    by_name = dict(places)
    for s in scenario.ledger.stores:
        if s.village in by_name:
            places.setdefault(s.id, by_name[s.village])
    places.setdefault(DEPOT, (scenario.depot.x_km, scenario.depot.y_km))
    places.setdefault(COMMAND_CENTRE, (cc.x_km, cc.y_km))
    places.setdefault(HOSPITAL, (cc.hospital_x_km, cc.hospital_y_km))
    for j in scenario.roads.junctions:
        places.setdefault(j.name, (j.x_km, j.y_km))
    return places


def edge_km(edge, places: dict[str, tuple[float, float]]) -> float:
    """The road's km, or, left out, the straight line between its ends (a straight road)."""
    if edge.km is not None:
        return edge.km
    (ax, ay), (bx, by) = places[edge.from_], places[edge.to]
    return math.hypot(ax - bx, ay - by)


_ALLOWED_ENDS = ("a village name, a store id, depot, command_centre, hospital or a junction "
                 "of roads.junctions")


def network_problems(scenario: Scenario) -> list[tuple[tuple, str]]:
    """Every mistake in the scenario's road network, as (field path, what is wrong and what is
    allowed); empty without a network."""
    roads = scenario.roads
    problems: list[tuple[tuple, str]] = []
    villages = [v.name for v in scenario.villages]
    store_ids = {s.id for s in scenario.ledger.stores}
    named = set(villages) | store_ids | set(RESERVED_PLACES)
    seen_junctions: set[str] = set()
    for i, j in enumerate(roads.junctions):
        if j.name in named:
            problems.append((("roads", "junctions", i, "name"),
                             f"{j.name!r} already names a village, store or {'/'.join(RESERVED_PLACES)}; "
                             "allowed: a name of its own"))
        elif j.name in seen_junctions:
            problems.append((("roads", "junctions", i, "name"),
                             f"duplicate junction {j.name!r}; allowed: each name once"))
        seen_junctions.add(j.name)
    places = place_coordinates(scenario)
    ambiguous = set(villages) & store_ids
    graph = nx.Graph()
    first_index: dict[frozenset, int] = {}
    for i, e in enumerate(roads.edges):
        ends_known = True
        for field, name in (("from", e.from_), ("to", e.to)):
            if name not in places:
                problems.append((("roads", "edges", i, field),
                                 f"unknown place {name!r}; allowed: {_ALLOWED_ENDS}"))
                ends_known = False
            elif name in ambiguous:
                problems.append((("roads", "edges", i, field),
                                 f"{name!r} is both a village and a store id; allowed: a name "
                                 "that says which (rename the store)"))
                ends_known = False
        if not ends_known:
            continue
        if e.from_ == e.to:
            problems.append((("roads", "edges", i, "to"),
                             f"a road from {e.from_!r} to itself; allowed: two different ends"))
            continue
        key = road(e.from_, e.to)
        if key in first_index:
            problems.append((("roads", "edges", i),
                             f"the road between {e.from_!r} and {e.to!r} is given twice (first as "
                             f"road {first_index[key] + 1} of the list); allowed: each road once"))
            continue
        first_index[key] = i
        if edge_km(e, places) <= 0:
            problems.append((("roads", "edges", i, "km"),
                             f"no km, and {e.from_!r} and {e.to!r} are at the same point; allowed: "
                             "a length in km greater than 0"))
            continue
        graph.add_edge(e.from_, e.to)
    if not roads.edges:
        if roads.closures:
            problems.append((("roads", "closures"), "the town has no road network to close a road "
                             "of; allowed: closures of roads given in roads.edges"))
        return problems
    off = [v for v in villages if v not in graph]
    if off:
        problems.append((("roads", "edges"), f"no road reaches the village(s) {off}; allowed: "
                         "every village at one end of a road"))
    pieces = sorted((sorted(p) for p in nx.connected_components(graph)), key=len, reverse=True)
    if len(pieces) > 1:
        cut = [p[:6] + (["..."] if len(p) > 6 else []) for p in pieces[1:]]
        problems.append((("roads", "edges"), f"the network is in {len(pieces)} pieces: {cut} "
                         f"cannot be reached from {pieces[0][:6]}; allowed: roads joining every "
                         "place to every other"))
    for i, c in enumerate(roads.closures):
        if road(c.from_, c.to) not in first_index:
            problems.append((("roads", "closures", i), f"no road between {c.from_!r} and {c.to!r} "
                             "in roads.edges; allowed: a road of the network"))
        if c.start_day >= scenario.run.horizon_days:
            problems.append((("roads", "closures", i, "start_day"),
                             f"{c.start_day} is not before the horizon ({scenario.run.horizon_days} days)"))
    return problems
