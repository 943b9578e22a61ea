"""The town model (sim/model/): the default scenario against the source, KPIs, validation against queueing theory."""
