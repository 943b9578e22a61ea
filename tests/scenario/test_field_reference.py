"""The manual's scenario reference is generated from the schema: a field added to the schema
gets its row (type, unit, default, allowed values, provenance, its comment as description),
every field of the schema has one, and the provenance names only fields that exist."""

from __future__ import annotations

import re
import tomllib

from pydantic import BaseModel, Field

from sim.scenario import Couriers, Scenario
from sim.scenario.field_comments import field_description
from sim.scenario.field_reference import scenario_reference, scenario_sections
from sim.scenario.field_types import DIST_CLASSES, UNITS_BY_PATH, unit_of
from sim.scenario.provenance import PROVENANCE, PUBLISHED, Provenance
from tests.support.manual import render, row_with_id


class ScratchCouriers(Couriers):
    # e-bikes the town lends each courier (a scratch field)
    spare_bikes_per_courier: float = Field(default=0.5, ge=0, le=3)


class ScratchScenario(Scenario):
    couriers: ScratchCouriers = ScratchCouriers()
    drill_budget_yuan: int = Field(default=5000, ge=0)  # what a drill may spend (a scratch field)


def test_a_field_added_to_a_scratch_schema_appears_in_the_built_page():
    sourced = {**PROVENANCE, "couriers.spare_bikes_per_courier": Provenance(PUBLISHED, "a scratch survey")}
    page = render(scenario_reference(ScratchScenario, sourced))
    bikes = row_with_id(page, "couriers.spare_bikes_per_courier")
    assert bikes is not None, "the nested scratch field has no row"
    assert bikes.startswith("couriers.spare_bikes_per_courier number default: 0.5 allowed: 0 ≤ x ≤ 3")
    assert "published: a scratch survey" in bikes
    assert "e-bikes the town lends each courier (a scratch field)" in bikes
    budget = row_with_id(page, "drill_budget_yuan")
    assert budget is not None, "the top-level scratch field has no row"
    assert budget.startswith("drill_budget_yuan whole number default: 5000 allowed: ≥ 0")
    assert "assumed: no source given" in budget  # nothing recorded: said so, not left blank
    assert "what a drill may spend (a scratch field)" in budget
    plain_page = render(scenario_reference())
    assert row_with_id(plain_page, "drill_budget_yuan") is None
    assert row_with_id(plain_page, "couriers.spare_bikes_per_courier") is None


def test_a_planner_finds_the_whitelist_with_its_unit_range_default_and_source():
    row = row_with_id(render(scenario_reference()), "couriers.whitelist_size")
    assert row.startswith("couriers.whitelist_size whole number, couriers default: 200 allowed: ≥ 0 "
                          "published: nearly 200 whitelisted couriers")


def _schema_names(model: type[BaseModel]) -> set[str]:
    """Every field name (by alias) of `model` and the models it holds, from pydantic's JSON
    schema rather than the reference's own walk."""
    schema = model.model_json_schema(by_alias=True)
    dists = {klass.__name__ for klass in DIST_CLASSES}
    return {name for title, definition in [(model.__name__, schema), *schema["$defs"].items()]
            if title not in dists for name in definition.get("properties", {})}


def test_every_field_of_the_schema_has_a_row():
    names = _schema_names(Scenario)
    rows = [row for section in scenario_sections() for row in section.rows]
    assert names == {row.path.rsplit(".", 1)[-1] for row in rows}
    assert len({row.anchor for row in rows}) == len(rows), "two rows share an id"


def test_the_provenance_and_the_units_name_only_fields_of_the_schema():
    paths = {row.path for section in scenario_sections() for row in section.rows}
    assert set(PROVENANCE) <= paths, sorted(set(PROVENANCE) - paths)
    assert set(UNITS_BY_PATH) <= paths, sorted(set(UNITS_BY_PATH) - paths)


def test_the_built_page_has_no_stray_html_and_every_link_lands():
    page = render(scenario_reference())
    assert "<name>" not in page  # `<name>` shown, not swallowed as a tag
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = {link for link in re.findall(r'href="#([^"]+)"', page)}
    assert targets <= ids, sorted(targets - ids)


class Described(BaseModel):
    # above, first line
    # above, second line
    both: int = 1  # beside
    wrapped: list[int] = Field(
        default=[1, 2],  # beside a continued line
    )

    plain: int = 0
    declared: int = Field(default=0, description="its own description")  # not this


class DescribedLater(Described):
    added: int = 2  # in the subclass


def test_a_field_is_described_by_its_comments_or_its_own_description():
    assert field_description(Described, "both") == "above, first line above, second line beside"
    assert field_description(Described, "wrapped") == "beside a continued line"
    assert field_description(Described, "plain") == ""
    assert field_description(Described, "declared") == "its own description"
    assert field_description(DescribedLater, "both").endswith("beside")  # inherited
    assert field_description(DescribedLater, "added") == "in the subclass"


def test_units_come_from_the_name_or_the_table_of_exceptions():
    assert unit_of("couriers.speed_km_per_h", "speed_km_per_h", "distribution") == "km/h"
    assert unit_of("couriers.exposure_probability_per_day", "exposure_probability_per_day",
                   "number") == "probability a day"
    assert unit_of("restocking.overnight_order_hour", "overnight_order_hour", "number") == "hour of the day"
    assert unit_of("x.first_day_order_share", "first_day_order_share", "number") == "share (0 to 1)"
    assert unit_of("couriers.whitelist_size", "whitelist_size", "whole number") == "couriers"
    assert unit_of("run.seed", "seed", "whole number") == ""


def test_every_distribution_has_an_example_that_loads():
    """The examples of the page's Distributions table are written by hand: each must load as the
    distribution it stands for."""
    from pydantic import TypeAdapter

    from sim.core.distributions import Dist
    from sim.scenario.field_reference import DIST_EXAMPLES

    kinds = {klass.model_fields["dist"].default for klass in DIST_CLASSES}
    assert set(DIST_EXAMPLES) == kinds
    for kind, example in DIST_EXAMPLES.items():
        for written in re.findall(r"\{[^}]*\}", example) or [example]:
            value = tomllib.loads(f"x = {written}")["x"]
            assert TypeAdapter(Dist).validate_python(value).dist == kind, example
