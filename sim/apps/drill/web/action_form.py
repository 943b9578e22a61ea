"""A role's action as its page sends it (the action and its form's fields), checked against the
town and made into the drill's `Option`, with a log line in the drill's words ("Whitelist
couriers: couriers 4"). A field that is wrong is refused with what is allowed; the action itself
is the drill's (`sim/apps/drill/actions.py`)."""

from __future__ import annotations

from pydantic import ValidationError

from sim.apps.drill.amount_bounds import amount_bounds, amount_problems
from sim.apps.drill.spec import Option
from sim.apps.drill.web.refused import Refused
from sim.apps.drill.web.roles import ACTION_TITLES, FIELD_WORDS
from sim.core.phrase import Phrase, Phrases


def action_option(model, role: str, action: str, fields: dict) -> Option:
    """`action` of `role` with the form's `fields` (empty ones left out), as an option to carry out."""
    clean = {k: v for k, v in (fields or {}).items() if v not in (None, "")}
    for _, too_much in amount_problems(clean, amount_bounds(model.spec), model.spec):
        raise Refused(too_much)  # before the option is made: pydantic has no words for a range
    try:
        option = Option(key="action", label=ACTION_TITLES[action], action=action, **clean)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "action"
        raise Refused(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None  # pydantic's own words
    known = {"village": list(model.villages), "from_village": list(model.villages),
             "to_village": list(model.villages), "supplier": list(model.suppliers_by_name),
             "store_kind": list(model.goods.kinds), "store": list(model.stores_by_id)}
    for name, allowed in known.items():
        value = getattr(option, name)
        if value is not None and value not in allowed:
            raise Refused(Phrase("{field}: unknown {value!r}; allowed: {allowed}", field=name, value=value,
                                 allowed=", ".join(map(str, allowed[:20]))))
    if option.category is not None:
        sells = model.goods.sells[model.stores_by_id[option.store].kind]
        if option.category not in sells:
            raise Refused(Phrase("category: {store} does not sell {category!r}; allowed: {allowed}",
                                 store=option.store, category=option.category, allowed=", ".join(sells)))
        if role == "urgent_desk" and option.category != model.goods.medicine:
            raise Refused(Phrase("category: the urgent-medicine desk orders {medicine!r} only",
                                 medicine=model.goods.medicine))
    fields = Phrases([Phrase("{field} {value}", field=Phrase(FIELD_WORDS[k]),
                             value=v if isinstance(v, str) else f"{v}") for k, v in clean.items()], ", ")
    return option.model_copy(update={"label": Phrase("{action}: {fields}", action=Phrase(ACTION_TITLES[action]),
                                                     fields=fields)})
