"""Tests of calibration: fitting a scenario to observed figures, its report and statistics."""
