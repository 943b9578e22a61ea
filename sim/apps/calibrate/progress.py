"""What `rehearse calibrate` says while ABC-SMC runs. A generation of a whole town's week
takes many minutes, so each has a bar (on standard error) counting its accepted particles,
with its tolerance and the simulations they took; when the generation is stored the bar gives
way to a line with its tolerance and acceptance rate, kept in the output."""

from __future__ import annotations

from sim.apps.calibrate.abc_smc import Generation, GenerationProgress


class GenerationBars:
    """A bar for the generation under way (none when `quiet`), a line for each one stored."""

    def __init__(self, tr, quiet: bool = False):
        self.tr = tr
        self.quiet = quiet
        self.bar = None
        self.number: int | None = None

    def particles(self, p: GenerationProgress) -> None:
        """A particle accepted (or a generation begun): the bar moved to it."""
        if self.quiet:
            return
        if p.number != self.number:
            self.close()
            self.bar = self._bar(p)
            self.number = p.number
        self.bar.set_postfix_str(self.tr("{simulations} simulated").format(
            simulations=p.simulations), refresh=False)
        self.bar.update(p.accepted - self.bar.n)

    def generation(self, g: Generation) -> None:
        """A generation stored: its bar closed, its line said."""
        if self.quiet:
            return
        if self.number == g.number:
            self.close()
        print(self.tr("generation {n}: tolerance {eps:.3g}, accepted {accepted} of {simulations} "
                      "({rate:.0%})").format(n=g.number + 1, eps=g.epsilon, accepted=g.accepted,
                                             simulations=g.simulations, rate=g.acceptance_rate),
              flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar, self.number = None, None

    def _bar(self, p: GenerationProgress):
        from tqdm import tqdm

        label = (self.tr("sampling the priors for the first tolerance") if p.tolerance is None
                 else self.tr("generation {n} (tolerance {eps:.3g})").format(n=p.number + 1,
                                                                            eps=p.tolerance))
        return tqdm(total=p.population, desc=label, unit=self.tr("particle"), leave=False,
                    smoothing=0.1)
