"""The fast paths through SimPy (sim/engine/)."""
