"""Whole-project checks: the layers' contract, import cycles, the installed package, the README's
figures, the message catalogue."""
