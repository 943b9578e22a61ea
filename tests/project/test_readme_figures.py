"""The README's quoted figures are checkable: each marked fragment matches a fresh run of its
example at its seed (tests/readme_figures/), and a changed number fails the check."""

import re

import pytest

from tests.readme_figures.__main__ import README, main
from tests.readme_figures.catalogue import FIGURES
from tests.readme_figures.check import compute, differences, marked_fragments, rewrite
from tests.readme_figures.markers import MarkerError, read_fragments, replace_fragments

QUICK = [name for name, figure in FIGURES.items() if figure.quick]  # the rest: make docs-check
ROOT = README.parent


@pytest.fixture(scope="module")
def fresh():
    return compute(QUICK, workers=2)


def altered(text: str) -> str:
    """`text` with its first digit changed: a README number that no longer matches."""
    match = re.search(r"\d", text)
    digit = str((int(match.group()) + 1) % 10)
    return text[:match.start()] + digit + text[match.end():]


def readme_with(name: str, body: str) -> str:
    return replace_fragments(README.read_text(encoding="utf-8"), {name: body})


@pytest.mark.slow
def test_the_readme_figures_match_fresh_runs(fresh):
    found = differences(README.read_text(encoding="utf-8"), fresh)
    assert not found, ("\n".join(d.describe("README.md") for d in found)
                       + "\nrun `make docs-figures` to rewrite them")


def test_ci_checks_the_figures_make_test_leaves_out():
    """The slow figures are not rerun by `make test` (QUICK leaves them out): `.ci/run` runs
    `make docs-check`, which reruns every figure, after the tests."""
    assert set(FIGURES) - set(QUICK), "every figure is quick: make test checks them all"
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make docs-check" in ci[ci.index("make test"):]
    make = (ROOT / "Makefile").read_text().splitlines()
    recipe = make[make.index("docs-check: $(STAMP)") + 1]
    assert recipe.split() == ["$(PY)", "-m", "tests.readme_figures", "$(ARGS)"]  # all of them


def test_every_figure_is_marked_in_the_readme():
    marked = marked_fragments(README.read_text(encoding="utf-8"), "README.md", list(FIGURES))
    assert set(marked) == set(FIGURES)


@pytest.mark.slow
@pytest.mark.parametrize("name", QUICK)
def test_a_changed_readme_number_fails_the_check(fresh, name):
    found = differences(readme_with(name, altered(fresh[name])), fresh)
    assert [d.name for d in found] == [name]
    assert found[0].fresh == fresh[name]


def test_a_rewrapped_fragment_still_matches():
    body = "The fastest channel opened in 11.5–14.8 minutes, the busiest store took 234–271.\n"
    rewrapped = body.replace(" the busiest", "\nthe  busiest")
    assert differences(readme_with("default-seeds", rewrapped), {"default-seeds": body}) == []
    assert differences(readme_with("default-seeds", altered(body)), {"default-seeds": body})


@pytest.mark.slow
def test_docs_check_exits_1_listing_the_fragment_with_the_fresh_text(fresh, tmp_path, capsys):
    copy = tmp_path / "README.md"
    # the road closure: one episode of the small town, so the three reruns below take seconds
    name = "road-closure"
    copy.write_text(readme_with(name, altered(fresh[name])), encoding="utf-8")
    assert main(["--readme", str(copy), "--only", name, "--workers", "1"]) == 1
    out = capsys.readouterr()
    assert f"figures '{name}' differ" in out.out
    assert all(f"| {line}" in out.out for line in fresh[name].splitlines())
    assert "1 of 1 figure(s) differ" in out.err
    assert main(["--readme", str(copy), "--only", name, "--write", "--workers", "1"]) == 0
    assert main(["--readme", str(copy), "--only", name, "--workers", "1"]) == 0


def test_write_rewrites_only_the_fragments(tmp_path):
    fresh = {"default-seeds": "Across seeds 0–9 new figures.\n"}
    copy = tmp_path / "README.md"
    copy.write_text(README.read_text(encoding="utf-8"), encoding="utf-8")
    assert rewrite(copy, fresh) == ["default-seeds"]
    before = README.read_text(encoding="utf-8").splitlines()
    after = copy.read_text(encoding="utf-8").splitlines()
    assert "Across seeds 0–9 new figures." in after
    assert [line for line in after if line not in before] == ["Across seeds 0–9 new figures."]
    assert rewrite(copy, fresh) == []  # already current: the file is left alone


@pytest.mark.parametrize("text, problem", [
    ("<!-- figures: a -->\nx\n", "'a' is never closed"),
    ("<!-- figures: a -->\nx\n<!-- /figures: b -->\n", "closes 'a'"),
    ("x\n<!-- /figures: a -->\n", "closes nothing"),
    ("<!-- figures: a -->\n<!-- figures: b -->\n", "starts inside 'a'"),
    ("<!-- figures: a -->\n<!-- /figures: a -->\n<!-- figures: a -->\n<!-- /figures: a -->\n",
     "marked twice"),
    ("<!--figures: a-->\n", "not a figures marker"),
])
def test_malformed_markers_are_named_with_their_line(text, problem):
    with pytest.raises(MarkerError, match=re.escape(problem)):
        read_fragments(text)


def test_unknown_and_missing_figures_are_named():
    text = "<!-- figures: nonesuch -->\nx\n<!-- /figures: nonesuch -->\n"
    with pytest.raises(MarkerError) as caught:
        marked_fragments(text, "R.md", ["default-run"])
    assert "R.md:1: figures 'nonesuch' is not a known figure" in str(caught.value)
    assert "figures 'default-run' is not marked" in str(caught.value)


def test_user_mistakes_exit_2_before_any_run(tmp_path, capsys):
    broken = tmp_path / "README.md"
    broken.write_text("<!-- figures: default-run -->\nno end\n", encoding="utf-8")
    assert main(["--readme", str(broken)]) == 2
    assert "is never closed" in capsys.readouterr().err
    assert main(["--readme", str(tmp_path / "missing.md")]) == 2
    assert "missing.md" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["--only", "nonesuch"])
    assert caught.value.code == 2
