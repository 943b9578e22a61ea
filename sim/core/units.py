"""Units of time the whole model counts in: the clock runs in minutes (`env.now`), and days and
hours are whole multiples of them. Every layer imports these from here, the bottom layer, so no
module reaches into the scenario's schema for a constant of the calendar."""

MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24
MINUTES_PER_DAY = MINUTES_PER_HOUR * HOURS_PER_DAY
