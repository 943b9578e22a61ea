"""The figures the README and the manual quote from runs, computed fresh at their seeds.

Each quoted figure sits in the README or a page of the manual (docs/**/*.md, English and Chinese;
in several of them if they all quote it) between `<!-- figures: NAME -->` and
`<!-- /figures: NAME -->`; `python -m tests.readme_figures` reruns every example and lists the
fragments that differ by file and line (`make docs-check`), `--write` rewrites every occurrence in
place (`make docs-figures`).

It lives in tests/ because it is a check of the documentation against the model, run by
`make test` (tests/project/test_readme_figures.py) like SimPy's checks of its documented examples;
benchmarks/ holds timings, which are not reproducible and are not quoted here.
"""
