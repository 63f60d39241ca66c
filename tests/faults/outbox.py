"""What the outbox owes and what the mail server got, for the people of one scenario."""

from __future__ import annotations

from collections import Counter


def outbox_rows(sql) -> list[tuple[str, bool]]:
    """(recipient address, sent) of every outbox row."""
    return sql("SELECT u.email, n.sent_at IS NOT NULL FROM certification_notification n "
               "JOIN accounts_user u ON u.id = n.recipient_id")


def owed_and_delivered(sql, sink, marker: str) -> tuple[Counter, Counter]:
    """Per address containing `marker`: outbox rows, and messages the mail server accepted.
    (PSO-Nederland's staff member is told of every scenario's submissions: left out.)"""
    owed = Counter(email for email, _sent in outbox_rows(sql) if marker in email)
    delivered = Counter(email for email in sink.recipients() if marker in email)
    return owed, delivered
