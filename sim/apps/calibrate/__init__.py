"""`rehearse calibrate`: fitting a scenario's least-known values to observed figures (ABC-SMC
for a posterior, an optimizer for a best point), and `rehearse check-figures`, the scenario's
runs against the source's figures.

The modules, top to bottom: the command (`cli.py`); the two methods (`abc_smc.py`,
`optimize.py`); what they write (`outputs.py`) and the output folder they continue in
(`calibration_folder.py`); the sampler whose draws repeat (`samplers.py`), a point simulated
and its distance from the targets (`simulation.py`), the priors (`priors.py`); the calibration
file (`spec.py`); the figure check (`figure_check.py`).
"""
