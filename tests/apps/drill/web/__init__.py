"""A drill played in a room (sim/apps/drill/web/), without a browser."""
