"""Foundations every layer may use: distributions and random streams, travel on roads, units,
located problems, atomic files, languages, and the KPI registry."""
