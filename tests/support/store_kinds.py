"""Store kinds with shelves scaled down or up, for the whole-model property tests that want stockouts
and partial fills."""


def scaled_store_kinds(stock_scale: float, opening_hours=(0.0, 24.0)) -> dict:
    """Store kinds with shelves scaled down or up, so that stockouts and partial fills happen."""
    k = stock_scale
    kinds = {
        "supermarket": {"categories": ["staples", "vegetables", "meat_eggs", "daily_goods"],
                        "stock_per_m2": {"staples": 6 * k, "vegetables": 5 * k,
                                         "meat_eggs": 2 * k, "daily_goods": 4 * k}},
        "vegetable_shop": {"categories": ["vegetables", "meat_eggs"],
                           "stock_per_m2": {"vegetables": 8 * k, "meat_eggs": 3 * k}},
        "pharmacy": {"categories": ["medicine"], "stock_per_m2": {"medicine": 3 * k}},
        "catering": {"categories": ["prepared_meals"], "stock_per_m2": {"prepared_meals": 6 * k},
                     "min_pickers": 1, "max_pickers": 1},
    }
    return {kind: {**settings, "opening_hours": opening_hours} for kind, settings in kinds.items()}
