"""A drill played in a room, in the system's headless Chromium (marked `browser`)."""
