"""The `rehearse` command line (sim/cli/)."""
