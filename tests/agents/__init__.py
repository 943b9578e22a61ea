"""Each kind of actor (agents/), in small towns."""
