"""A town's own goods and store kinds, none of them Beizang's names (the declared-goods, household-type
and KPI-registry tests run towns on them)."""

# A compound with a front warehouse (rice, greens, frozen food and toiletries), a bakery and a
# clinic: no ready meals, names Beizang never uses.
COMPOUND_GOODS = {
    "categories": {
        "rice": {"unit": "kg"},
        "greens": {"unit": "kg", "shelf_life_days": 4},
        "frozen": {"unit": "packs"},
        "bread": {"unit": "loaves", "shelf_life_days": 2},
        "drugs": {"unit": "boxes", "use": "medicine"},
        "toiletries": {"unit": "packs", "use": "household_goods"},
    },
    "consumption_per_person_day": {"rice": 0.3, "greens": 0.5, "frozen": 0.2, "bread": 0.5,
                                   "drugs": 0.05, "toiletries": 0.05},
    "store_kinds": {
        "front_warehouse": {"categories": ["rice", "greens", "frozen", "toiletries"],
                            "stock_per_m2": {"rice": 6, "greens": 5, "frozen": 3, "toiletries": 2},
                            "opening_hours": [0, 24]},
        "bakery": {"categories": ["bread"], "stock_per_m2": {"bread": 4}, "opening_hours": [0, 24]},
        "clinic": {"categories": ["drugs"], "stock_per_m2": {"drugs": 5}, "opening_hours": [0, 24]},
    },
}
