"""What `rehearse calibrate` says while it runs: a bar for the sample from the priors and for
each generation, counting its accepted particles, with the generation's tolerance and the
simulations so far; then a line per generation with its tolerance and acceptance rate. A
generation of a whole town's week takes many minutes, so a line at its end is not enough."""

from __future__ import annotations

from sim.cli.commands import main
from tests.support.calibration_fixtures import calibration_text, write_calibration


def test_each_generation_has_a_bar_of_its_particles_then_a_line(tmp_path, capsys, monkeypatch):
    from sim.apps.calibrate.progress import GenerationBars

    heard, stored = [], []
    particles, generation = GenerationBars.particles, GenerationBars.generation

    def hear(self, p):
        heard.append(p)
        particles(self, p)

    def store(self, g):
        stored.append(g)
        generation(self, g)

    monkeypatch.setattr(GenerationBars, "particles", hear)
    monkeypatch.setattr(GenerationBars, "generation", store)
    text = calibration_text(24.0).replace("population_size = 12\nmax_populations = 3",
                                          "population_size = 4\nmax_populations = 2")
    spec = write_calibration(tmp_path, text)
    assert main(["calibrate", str(spec), "--workers", "1", "--out", str(tmp_path / "out"),
                 "--check-seeds", "1"]) == 0
    said = capsys.readouterr()
    assert "sampling the priors for the first tolerance" in said.err
    for g in stored:
        assert f"generation {g.number + 1} (tolerance {g.epsilon:.3g})" in said.err
        assert f"generation {g.number + 1}: tolerance {g.epsilon:.3g}, accepted 4 of {g.simulations}" in said.out
    assert [g.number for g in stored] == [0, 1]
    assert [p.number for p in heard] == [-1] * 5 + [0] * 5 + [1] * 5
    for number in (-1, 0, 1):
        mine = [p for p in heard if p.number == number]
        assert [p.accepted for p in mine] == [0, 1, 2, 3, 4]
        assert all(p.population == 4 for p in mine)
        counts = [p.simulations for p in mine]
        assert counts == sorted(counts) and counts[0] == 0
        if number == -1:
            assert counts[-1] == 4 and all(p.tolerance is None for p in mine)
        else:
            g = stored[number]
            assert counts[-1] == g.simulations
            assert all(p.tolerance == g.epsilon for p in mine)


def test_a_quiet_calibration_says_nothing_as_it_goes(capsys):
    from sim.apps.calibrate.abc_smc import Generation, GenerationProgress
    from sim.apps.calibrate.progress import GenerationBars
    from sim.core.i18n import translator

    bars = GenerationBars(translator("en"), quiet=True)
    bars.particles(GenerationProgress(0, 1, 4, 3, 2.5))
    bars.generation(Generation(0, 2.5, 4, 9))
    bars.close()
    assert capsys.readouterr() == ("", "")
