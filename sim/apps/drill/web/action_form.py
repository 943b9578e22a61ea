"""A role's action as its page sends it (the action and its form's fields), checked against the
town and made into the drill's `Option`, with a log line in the drill's words ("Whitelist
couriers: couriers 4"). A field that is wrong is refused with what is allowed; the action itself
is the drill's (`sim/apps/drill/actions.py`)."""

from __future__ import annotations

from pydantic import ValidationError

from sim.apps.drill.amount_bounds import amount_bounds, amount_problems
from sim.apps.drill.spec import Option
from sim.apps.drill.web.refused import Refused
from sim.apps.drill.web.roles import ACTION_INPUTS, ACTION_TITLES, FIELD_WORDS
from sim.core.phrase import Phrase, Phrases, listed


def action_option(model, role: str, action: str, fields: dict) -> Option:
    """`action` of `role` with the form's `fields` (empty ones left out), as an option to carry out."""
    clean = {k: v for k, v in (fields or {}).items() if v not in (None, "")}
    check_form(action, clean)
    for _, too_much in amount_problems(clean, amount_bounds(model.spec), model.spec):
        raise Refused(too_much)  # before the option is made: pydantic has no words for a range
    try:
        option = Option(key="action", label=ACTION_TITLES[action], action=action, **clean)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "action"
        raise Refused(Phrase("{field}: not allowed here ({why})", field=where,
                             why=first["msg"].removeprefix("Value error, "))) from None
    known = {"village": list(model.villages), "from_village": list(model.villages),
             "to_village": list(model.villages), "supplier": list(model.suppliers_by_name),
             "store_kind": list(model.goods.kinds), "store": list(model.stores_by_id)}
    for name, allowed in known.items():
        value = getattr(option, name)
        if value is not None and value not in allowed:
            raise Refused(Phrase("{field}: unknown {value!r}; allowed: {allowed}", field=name, value=value,
                                 allowed=listed(allowed[:20])))
    if option.category is not None:
        sells = model.goods.sells[model.stores_by_id[option.store].kind]
        if option.category not in sells:
            raise Refused(Phrase("category: {store} does not sell {category!r}; allowed: {allowed}",
                                 store=option.store, category=option.category, allowed=listed(sells)))
        if role == "urgent_desk" and option.category != model.goods.medicine:
            raise Refused(Phrase("category: the urgent-medicine desk orders {medicine!r} only",
                                 medicine=model.goods.medicine))
    fields = Phrases([Phrase("{field} {value}", field=Phrase(FIELD_WORDS[k]),
                             value=v if isinstance(v, str) else f"{v}") for k, v in clean.items()], ", ")
    return option.model_copy(update={"label": Phrase("{action}: {fields}", action=Phrase(ACTION_TITLES[action]),
                                                     fields=fields)})


def check_form(action: str, fields: dict) -> None:
    """Every field the action's form asks for is there and of its kind (a whole number of
    couriers, a number of units), said in the page's words before the model's types see it."""
    for name, label, kind in ACTION_INPUTS.get(action, ()):
        value = fields.get(name)
        if value is None:
            raise Refused(Phrase("{field}: missing; fill in {label}", field=Phrase(FIELD_WORDS[name]),
                                 label=Phrase(label)))
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind == "count" and not (number and float(value).is_integer()):
            raise Refused(Phrase("{field}: {value} is not a whole number", field=Phrase(FIELD_WORDS[name]),
                                 value=str(value)[:40]))
        if kind == "amount" and not number:
            raise Refused(Phrase("{field}: {value} is not a number", field=Phrase(FIELD_WORDS[name]),
                                 value=str(value)[:40]))
        if kind not in ("count", "amount") and not isinstance(value, str):
            raise Refused(Phrase("{field}: {value} is not a name", field=Phrase(FIELD_WORDS[name]),
                                 value=str(value)[:40]))
