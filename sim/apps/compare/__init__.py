"""Policy comparisons of the town model on the sweep engine: a spec of policies, conditions
and KPIs with goals (`spec`), its runs planned on common random numbers (`plan`), run until
the replications or the precision target are reached (`runner`), paired differences with
Holm-adjusted p-values and a best subset (`statistics`), and the report (`report`, `plots`).
"""
