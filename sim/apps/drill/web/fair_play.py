"""What the players must not see: the drill's answer key. An inject's expected action and the
objective it tests, and which inject comes next and when, are the exercise's control: the
facilitator's (and an evaluator's) to know, never a player's, whose page would otherwise tell
the table what to do and what is coming (`views.py` draws each role's state through this)."""

from __future__ import annotations

# the roles that see the answer key
ANSWER_KEY_ROLES = ("facilitator", "evaluator")
# an inject's fields, as a message carries them, that are the answer key
ANSWER_KEY_FIELDS = ("expected_action", "objective")


def sees_answer_key(role: str) -> bool:
    return role in ANSWER_KEY_ROLES


def as_heard(message: dict, role: str) -> dict:
    """An inject's message as `role` may see it: without the answer key for a player."""
    if sees_answer_key(role):
        return message
    return {k: v for k, v in message.items() if k not in ANSWER_KEY_FIELDS}
