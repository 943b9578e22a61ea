"""Simulation toolkit for rehearsing a town's supply response to village lockdowns."""

__version__ = "0.1.0"
