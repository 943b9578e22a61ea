"""The town as one Mesa model: agents wired to the SimPy clock, and the figures read from them."""
