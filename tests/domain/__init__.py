"""Domain records and policies (sim/domain/): demand, rotas, working hours, the swappable policies."""
