"""The scenario's schema (sim/scenario/): declared goods, household types, fingerprints."""
