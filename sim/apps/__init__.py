"""What users run: an episode and its report, sweeps, comparisons, drills, calibration and town
set-up. Each application builds models from the layers below and writes its own outputs."""
