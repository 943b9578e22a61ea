"""What the robust study's figures support, in words a planner can quote: whether any service
difference is clear at all, which policies are tied with the best on service (and the cheapest
of them), the knee of cost against service with what each step buys, and whether the
recommendation holds when the threshold moves. The recommendation's paragraph
(`robust_report.recommendation_lines`) and the report's plain words both say these, so the
quoted text and the recommendation cannot disagree.
"""

from __future__ import annotations

from sim.apps.compare.numbers import number, short_number
from sim.apps.compare.threshold_sensitivity import share_text, stretches
from sim.core.i18n import translator

ENGLISH = translator("en")
PER_YUAN = 10_000  # marginal benefit is said per this many yuan


def support_sentence(study, tr=ENGLISH) -> str:
    """Whether the runs show any difference from the baseline on the service KPI, and so
    whether the recommendation rests on a shown difference or only on cost and the threshold."""
    clear, conditions = study.clear, study.conditions
    if clear is None:
        return ""
    if clear.empty:
        return tr("No policy's `{service}` differs clearly from `{baseline}`'s in any of the "
                  "{conditions} conditions (every Holm p ≥ 0.05): the figures show no "
                  "difference in service, so this recommendation rests on cost and on where "
                  "the threshold is put, and is not a finding about service.").format(
                      service=study.service, baseline=study.baseline, conditions=conditions)
    policies = list(dict.fromkeys(clear["policy"]))
    return tr("The runs show a clear difference in `{service}` from `{baseline}` (Holm p < 0.05) "
              "in {shown} of the {conditions} conditions, for {policies}.").format(
                  service=study.service, baseline=study.baseline,
                  shown=clear["scenario"].nunique(), conditions=conditions,
                  policies=tr(", ").join(f"`{p}`" for p in policies))


def tie_sentence(study, tr=ENGLISH) -> str:
    """The policies as good as the best on service over every condition, named as a tie."""
    ties = study.ties
    if ties is None:
        return ""
    zone = (tr("{value} (from the spec)") if ties.zone_from_spec
            else tr("{value} (the default for its unit)")).format(value=short_number(ties.zone))
    if len(ties.tied) == 1:
        return tr("On `{service}` over every condition `{best}` is the best alone: every other "
                  "policy is behind it by more than the indifference zone {zone} and the "
                  "noise.").format(service=study.service, best=ties.best, zone=zone)
    if study.from_size is not None:
        text = tr("On `{service}` over every condition, any size from `{smallest}` up is "
                  "indistinguishable at this precision (a difference smaller than the "
                  "indifference zone {zone} is no difference; {n} paired runs)").format(
                      service=study.service, smallest=study.from_size, zone=zone, n=ties.n)
    else:
        text = tr("On `{service}` over every condition {policies} are indistinguishable at this "
                  "precision (a difference smaller than the indifference zone {zone} is no "
                  "difference; {n} paired runs)").format(
                      service=study.service, policies=tr(", ").join(f"`{p}`" for p in ties.tied),
                      zone=zone, n=ties.n)
    if ties.cheapest is not None:
        text += tr("; `{cheapest}` is the cheapest of them.").format(cheapest=ties.cheapest)
    else:
        text += tr(".")
    rec = study.recommendation.policy
    if ties.cheapest is not None and ties.cheapest != rec and rec in ties.tied:
        text += tr(" `{cheapest}` is as good on service as `{policy}` and cheaper: the "
                   "threshold, not a difference in service the runs can tell, separates "
                   "them.").format(cheapest=ties.cheapest, policy=rec)
    return text


def knee_sentence(study, tr=ENGLISH) -> str:
    """The knee of cost against service and what each step along the front buys."""
    knee = study.knee
    if knee is None or knee.steps.empty:
        return ""
    zone = study.ties.zone if study.ties is not None else 0.0
    steps = tr("; ").join(
        tr("`{a}` to `{b}`: {cost} yuan more for {gain} less `{service}` ({rate} per "
           "{per} yuan)").format(a=r["from_policy"], b=r["to_policy"],
                                 cost=number(r["extra_cost"]), gain=number(r["service_gain"]),
                                 service=study.service, rate=number(r["gain_per_yuan"] * PER_YUAN),
                                 per=f"{PER_YUAN:,}")
        + (tr(", inside the indifference zone: no difference") if r["service_gain"] <= zone
           else "")
        for _, r in knee.steps.iterrows())
    if knee.policy is None:
        text = tr("Cost against service has no clear knee: along the Pareto front the benefit "
                  "grows about in step with the cost.")
    else:
        text = tr("The knee of cost against `{service}` is `{knee}`: past it each yuan buys much "
                  "less (Kneedle: the front's point farthest above the line from the cheapest "
                  "to the best, by {lift:.0%} of the scaled axes).").format(
                      service=study.service, knee=knee.policy, lift=knee.lift)
    return text + tr(" Along the front: {steps}.").format(steps=steps)


def threshold_sentence(study, tr=ENGLISH) -> str:
    """Whether the recommendation changes as the threshold moves over the sensitivity sweep,
    and where the recommended policy meets every threshold in only some conditions, or none."""
    table = study.sensitivity
    if table is None or table.empty:
        return ""
    kpi, bound = table["kpi"].iloc[0], table["bound"].iloc[0]
    sign = "≤" if bound == "max" else "≥"
    runs = stretches(table)
    if len({r.policy for r in runs}) == 1:
        values = {"policy": runs[0].policy, "kpi": kpi, "sign": sign,
                  "low": short_number(runs[0].low), "high": short_number(runs[-1].high)}
        if all(r.meets_everywhere for r in runs):
            return tr("The recommendation does not depend on the threshold within the range "
                      "tried: `{policy}` at every `{kpi}` {sign} {low} to {high}.").format(**values)
        return tr("The recommendation does not depend on the threshold within the range tried: "
                  "`{policy}` at every `{kpi}` {sign} {low} to {high}, but not in every "
                  "condition: {parts}.").format(parts=_stretches_text(runs, sign, tr), **values)
    return tr("The recommendation changes with the threshold on `{kpi}`, so it is where the "
              "threshold is put that decides it: {parts}.").format(
                  kpi=kpi, parts=_stretches_text(runs, sign, tr))


def _stretches_text(runs, sign: str, tr=ENGLISH) -> str:
    return tr("; ").join(
        (tr("`{policy}` at {sign} {low}") if r.low == r.high else
         tr("`{policy}` at {sign} {low} to {high}")).format(
             policy=r.policy, sign=sign, low=short_number(r.low), high=short_number(r.high))
        + _how_it_meets(r, tr) for r in runs)


def _how_it_meets(stretch, tr=ENGLISH) -> str:
    """What a stretch's recommendation does at those thresholds when it does not meet every
    threshold in every condition: a threshold no policy meets everywhere still gets an answer."""
    if stretch.meets_everywhere:
        return ""
    if stretch.rule != "satisficing_then_cost":
        return tr(" (no policy meets every threshold in any condition: the least maximum regret)")
    return tr(" (meeting every threshold in {share} of the conditions, as many as any policy)").format(
        share=share_text(stretch.share))


def summary_lines(study, tr=ENGLISH) -> list[str]:
    """The sentences on what the figures support, those that apply."""
    said = [support_sentence(study, tr), tie_sentence(study, tr), knee_sentence(study, tr),
            threshold_sentence(study, tr)]
    return [s for s in said if s]
