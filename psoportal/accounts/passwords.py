"""Password validators beyond Django's: length cap, context words, breached passwords."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from psoportal.accounts.breach import breach_checker

MAX_PASSWORD_LENGTH = 4096
CONTEXT_WORDS = ["mijnpso", "prestatieladder", "socialer ondernemen", "pso"]


class MaximumLengthValidator:
    def validate(self, password: str, user=None) -> None:
        if len(password) > MAX_PASSWORD_LENGTH:
            raise ValidationError(
                _("Een wachtwoord is ten hoogste %(max)d tekens lang.")
                % {"max": MAX_PASSWORD_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return ""


class ContextWordValidator:
    """Refuse passwords that are essentially a product, scheme or organisation name.

    "MijnPSO2025!" is long enough but guessable; a passphrase that merely contains "pso" is
    fine as long as what remains is itself at least 12 characters.
    """

    minimum_rest = 12

    def validate(self, password: str, user=None) -> None:
        words = list(CONTEXT_WORDS)
        words += [w.lower() for w in getattr(user, "password_context", []) if w and len(w) >= 3]
        lowered = password.lower()
        rest = lowered
        hit = False
        for word in sorted(words, key=len, reverse=True):
            if word in rest:
                hit = True
                rest = rest.replace(word, "")
        if hit and len(re.sub(r"[\W\d_]+", "", rest)) < self.minimum_rest:
            raise ValidationError(
                _("Dit wachtwoord lijkt te veel op de naam van PSO, MijnPSO of uw organisatie."),
                code="password_context_word",
            )

    def get_help_text(self) -> str:
        return _("Gebruik geen naam van PSO, MijnPSO of uw organisatie als wachtwoord.")


class BreachedPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        if breach_checker().is_breached(password):
            raise ValidationError(
                _(
                    "Dit wachtwoord komt voor in gelekte wachtwoordlijsten. Kies een ander "
                    "wachtwoord."
                ),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return ""
