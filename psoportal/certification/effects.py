"""What a transition does besides changing the state, run inside its transaction.

One registry, so the state machine's consequences are read in one place: the fee events of a
withdrawal or cancellation (rule book §9), the certificates of an award, their withdrawal when
an awarded application is cancelled. Each effect lives in the module of its subject; a failing
effect rolls back the transition with it.
"""

from __future__ import annotations

from collections.abc import Callable

from psoportal.certification import certificates, fees
from psoportal.certification.freeze import freeze_sync
from psoportal.certification.models import Application, ApplicationEvent

Effect = Callable[[Application, ApplicationEvent], None]

# transition name -> the effects it has, in order.
EFFECTS: dict[str, list[Effect]] = {
    "payment_received": [certificates.issue_on_payment],
    "withdraw": [certificates.revoke_on_cancellation],
    "cancel": [certificates.revoke_on_cancellation],
}

# A procedure that ends thaws the rekentool and the scope no other application holds (freeze.py).
for _name in ("payment_received", "reject", "withdraw", "cancel"):
    EFFECTS.setdefault(_name, []).append(freeze_sync)

# Fee events of §9. Appended rather than written as a literal, so another entry for the same
# transition (the certificates of a withdrawn award) can never silently replace them.
# "submit" is not a transition of the table: services.application_submit runs its effects.
EFFECTS.setdefault("submit", []).append(fees.new_application_credit)
EFFECTS.setdefault("withdraw", []).append(fees.withdrawal_fee)
EFFECTS.setdefault("cancel", []).append(fees.cancellation_fee)


def run_effects(application: Application, event: ApplicationEvent) -> None:
    for effect in EFFECTS.get(event.transition, ()):
        effect(application, event)
