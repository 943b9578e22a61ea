"""The applications (sim/apps/): calibration, stock sensitivity, town init, reports in Chinese."""
