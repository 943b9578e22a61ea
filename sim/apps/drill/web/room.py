"""Who is in a drill's room and what each may do: one unguessable token per role (a role's
link), the player roles people play (the others are left to the model), and the rules of who may
act, decide and set channels up. What each role sees is `roles.py` (`SEES`) and `views.py`.

Kept apart from the model and its clock, so the rules can be read, and tested, on their own.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sim.apps.drill.spec import PLAYER_ROLES, ROLES
from sim.apps.drill.web.refused import Refused
from sim.apps.drill.web.roles import ROLE_ACTIONS, TITLES
from sim.core.phrase import Phrase, listed


class Room:
    def __init__(self, model_roles: Iterable[str], tokens: dict[str, str] | None = None):
        """`tokens`: a resumed drill's, so its links still hold; a role its folder has no token
        for (a folder from before the room had evaluators or a projector) gets a new one, which
        the resumed drill keeps (`new_tokens`)."""
        self.tokens = dict(tokens or {})
        # the projector is the room's screen: it sees, never acts
        self.new_tokens = [role for role in (*ROLES, "projector") if role not in self.tokens]
        for role in self.new_tokens:
            self.tokens[role] = secrets.token_urlsafe(24)
        self.model_roles = set(model_roles)  # player roles left to the model

    def role_of(self, token: str | None) -> str | None:
        """The role whose token this is (compared in constant time), else None."""
        if not token:
            return None
        found = None
        for role, known in self.tokens.items():
            if secrets.compare_digest(token.encode(), known.encode()):
                found = role
        return found

    def played_by_people(self, role: str) -> bool:
        return role not in self.model_roles

    def check_player_role(self, role) -> None:
        """Only a player role can be left to the model or given back."""
        if role not in PLAYER_ROLES:
            raise Refused(Phrase("unknown role {role!r}; allowed: {allowed}", role=role, allowed=listed(PLAYER_ROLES)))

    def set_played(self, role: str, played: bool) -> None:
        """People play `role` from now (`played`), or the model does."""
        self.check_player_role(role)
        if played:
            self.model_roles.discard(role)
        else:
            self.model_roles.add(role)

    def check_may_act(self, role: str, action: str) -> None:
        """A role acts from its own menu (`ROLE_ACTIONS`)."""
        allowed = ROLE_ACTIONS.get(role, ())
        if action not in allowed:
            raise Refused(Phrase("the {role} has no action {action!r}; allowed: {allowed}",
                                 role=Phrase(TITLES.get(role, role).lower()), action=action,
                                 allowed=listed(allowed)))

    @staticmethod
    def check_may_decide(role: str, decision_role: str, inject_id: str) -> None:
        """A decision is its recipient's to take."""
        if decision_role != role:
            raise Refused(Phrase("{inject!r} is for the {role}, not the {other}", inject=inject_id,
                                 role=Phrase(TITLES[decision_role].lower()), other=Phrase(TITLES[role].lower())))

    @staticmethod
    def check_may_set_up(role: str) -> None:
        if role != "command_centre":
            raise Refused(Phrase("only the command centre sets channels up"))

    @staticmethod
    def check_may_evaluate(role: str) -> None:
        if role != "evaluator":
            raise Refused(Phrase("only an evaluator rates the objectives"))
