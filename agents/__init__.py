"""The actors of the town, one module per kind; each is a `mesa.Agent` acting in SimPy time."""
