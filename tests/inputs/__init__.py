"""Reading a town (sim/inputs/): scenario files, CSV towns, channel coverage."""
