"""The checkout's root and its folders, for tests at any depth under tests/: a test that moves to
another folder keeps finding them (a `Path(__file__).parent.parent` of its own would not)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # tests/support/ is two below the checkout
EXPERIMENTS = ROOT / "experiments"
SIM = ROOT / "sim"
README = ROOT / "README.md"
