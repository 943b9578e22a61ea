"""The figures the README and the manual quote are checkable: each marked fragment, in README.md
or any page of docs/ (English or Chinese), matches a fresh run of its example at its seed
(tests/readme_figures/), a changed number fails the check naming the file and line, and --write
rewrites every occurrence."""

import re

import pytest

from tests.readme_figures.__main__ import main
from tests.readme_figures.catalogue import FIGURES
from tests.readme_figures.check import (
    compute,
    differences,
    document_paths,
    marked_occurrences,
    read_documents,
    rewrite,
)
from tests.readme_figures.markers import MarkerError, end_marker, read_fragments, replace_fragments, start_marker
from tests.support.paths import ROOT

QUICK = [name for name, figure in FIGURES.items() if figure.quick]  # the rest: make docs-check


@pytest.fixture(scope="module")
def fresh():
    return compute(QUICK, workers=2)


def altered(text: str) -> str:
    """`text` with its first digit changed: a quoted number that no longer matches."""
    match = re.search(r"\d", text)
    digit = str((int(match.group()) + 1) % 10)
    return text[:match.start()] + digit + text[match.end():]


def marked(name: str, body: str, before: str = "Some prose.\n") -> str:
    """A page quoting `body` as figure `name`."""
    return f"{before}{start_marker(name)}\n{body}{end_marker(name)}\nMore prose.\n"


def checkout(tmp_path, documents: dict[str, str]):
    """A folder holding `documents` (path -> text) as a checkout holds README.md and docs/."""
    for source, text in documents.items():
        (tmp_path / source).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / source).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_the_quoted_figures_match_fresh_runs(fresh):
    found = differences(read_documents(ROOT), fresh)
    assert not found, ("\n".join(d.describe() for d in found)
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


def test_every_figure_is_marked_in_the_readme_or_the_manual():
    occurrences = marked_occurrences(read_documents(ROOT), list(FIGURES))
    assert {o.name for o in occurrences} == set(FIGURES)


def test_the_documents_are_the_readme_and_every_page_of_the_manual_but_the_generated_ones(tmp_path):
    root = checkout(tmp_path, {"README.md": "", "docs/index.md": "", "docs/trainers/room.zh.md": "",
                               "docs/reference/kpis.md": "", "docs/drill-room/notes.txt": ""})
    assert document_paths(root) == ["README.md", "docs/index.md", "docs/trainers/room.zh.md"]


def test_a_figure_marked_only_in_a_page_of_the_manual_counts(tmp_path):
    body = "The fastest channel opened in 11.5–14.8 minutes.\n"
    texts = {"README.md": "No figures here.\n", "docs/getting-started.md": marked("default-seeds", body)}
    (occurrence,) = marked_occurrences(texts, ["default-seeds"])
    assert (occurrence.source, occurrence.line) == ("docs/getting-started.md", 3)
    with pytest.raises(MarkerError, match=re.escape(
            "figures 'road-closure' is not marked in README.md or docs/**/*.md")):
        marked_occurrences(texts, ["default-seeds", "road-closure"])


@pytest.mark.slow
@pytest.mark.parametrize("name", QUICK)
def test_a_changed_number_fails_the_check_wherever_it_is_quoted(fresh, name):
    texts = {"README.md": marked(name, fresh[name]),
             "docs/a.md": marked(name, fresh[name], before="Prose.\nMore.\n"),
             "docs/a.zh.md": marked(name, altered(fresh[name]), before="中文。\n\n\n")}
    found = differences(texts, {name: fresh[name]})
    assert [(d.name, d.source, d.line) for d in found] == [(name, "docs/a.zh.md", 5)]
    assert found[0].fresh == fresh[name]


def test_a_rewrapped_fragment_still_matches():
    body = "The fastest channel opened in 11.5–14.8 minutes, the busiest store took 234–271.\n"
    rewrapped = body.replace(" the busiest", "\nthe  busiest")
    assert differences({"README.md": marked("default-seeds", rewrapped)}, {"default-seeds": body}) == []
    assert differences({"README.md": marked("default-seeds", altered(body))}, {"default-seeds": body})


@pytest.mark.slow
def test_docs_check_exits_1_naming_the_file_and_line_and_write_fixes_every_copy(fresh, tmp_path, capsys):
    # the road closure: one episode of the small town, so the three reruns below take seconds
    name = "road-closure"
    root = checkout(tmp_path, {"README.md": marked(name, altered(fresh[name])),
                               "docs/concepts/model.md": marked(name, fresh[name]),
                               "docs/getting-started.zh.md": marked(name, altered(fresh[name]), "一\n二\n")})
    args = ["--root", str(root), "--only", name, "--workers", "1"]
    assert main(args) == 1
    out = capsys.readouterr()
    assert f"README.md:3: figures '{name}' differ" in out.out
    assert f"docs/getting-started.zh.md:4: figures '{name}' differ" in out.out
    assert "docs/concepts/model.md" not in out.out
    assert all(f"| {line}" in out.out for line in fresh[name].splitlines())
    assert "2 marked figure(s) differ from fresh runs (1 of 1 figure(s))" in out.err
    assert main([*args, "--write"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [f"README.md: rewrote {name}",
                                                        f"docs/getting-started.zh.md: rewrote {name}"]
    assert main(args) == 0


def test_write_rewrites_every_occurrence_and_nothing_else(tmp_path):
    fresh = {"default-seeds": "Across seeds 0–9 new figures.\n"}
    old = "Across seeds 0–9 old figures.\n"
    documents = {"README.md": marked("default-seeds", old),
                 "docs/index.md": marked("default-seeds", old, before="# Home\n\n"),
                 "docs/index.zh.md": marked("default-seeds", old, before="# 首页\n\n"),
                 "docs/other.md": "# Other\n\nNo figure.\n"}
    root = checkout(tmp_path, documents)
    assert rewrite(root, fresh) == {"README.md": ["default-seeds"], "docs/index.md": ["default-seeds"],
                                    "docs/index.zh.md": ["default-seeds"]}
    for source, text in documents.items():
        assert (root / source).read_text(encoding="utf-8") == text.replace(old, fresh["default-seeds"])
    assert rewrite(root, fresh) == {}  # already current: the files are left alone


def test_write_touches_nothing_when_a_marker_is_wrong_anywhere(tmp_path):
    documents = {"README.md": marked("default-seeds", "old\n"),
                 "docs/broken.md": "<!-- figures: default-seeds -->\nno end\n"}
    root = checkout(tmp_path, documents)
    with pytest.raises(MarkerError, match=re.escape("docs/broken.md:1: figures 'default-seeds' is never closed")):
        rewrite(root, {"default-seeds": "new\n"})
    assert (root / "README.md").read_text(encoding="utf-8") == documents["README.md"]


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


def test_every_problem_names_its_file_and_line():
    texts = {"README.md": "<!-- figures: nonesuch -->\nx\n<!-- /figures: nonesuch -->\n",
             "docs/a.md": "ok\n<!--figures: default-run-->\n",
             "docs/b.zh.md": "一\n<!-- figures: kpi-table -->\n"}
    with pytest.raises(MarkerError) as caught:
        marked_occurrences(texts, ["default-run"])
    problems = str(caught.value).splitlines()
    assert problems[0].startswith("README.md:1: figures 'nonesuch' is not a known figure")
    assert problems[1].startswith("docs/a.md:2: not a figures marker")
    assert problems[2].startswith("docs/b.zh.md:2: figures 'kpi-table' is never closed")
    assert problems[3].startswith("figures 'default-run' is not marked in README.md or docs/**/*.md")


def test_a_figure_may_be_marked_in_several_files_but_once_in_each():
    body = "x\n"
    texts = {"README.md": marked("default-seeds", body), "docs/a.md": marked("default-seeds", body)}
    assert [o.source for o in marked_occurrences(texts, ["default-seeds"])] == ["README.md", "docs/a.md"]
    texts["docs/a.md"] += marked("default-seeds", body)
    with pytest.raises(MarkerError, match=re.escape("docs/a.md:7: figures 'default-seeds' is marked twice")):
        marked_occurrences(texts, ["default-seeds"])


def test_user_mistakes_exit_2_before_any_run(tmp_path, capsys):
    root = checkout(tmp_path, {"README.md": "fine\n", "docs/page.md": "<!-- figures: default-run -->\nno end\n"})
    assert main(["--root", str(root)]) == 2
    assert "docs/page.md:1: figures 'default-run' is never closed" in capsys.readouterr().err
    assert main(["--root", str(tmp_path / "elsewhere")]) == 2
    assert "README.md" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["--only", "nonesuch"])
    assert caught.value.code == 2


def test_replace_keeps_the_markers_and_everything_outside_them():
    text = marked("default-seeds", "old\n")
    assert replace_fragments(text, {"default-seeds": "new"}) == marked("default-seeds", "new\n")
