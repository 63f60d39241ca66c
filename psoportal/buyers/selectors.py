"""Reads of the buyer workspace that its pages share."""

from __future__ import annotations

from dataclasses import dataclass

from psoportal.buyers.models import Buyer, ContractAlert


@dataclass(frozen=True)
class WorkspaceSummary:
    suppliers: int
    categories: int
    open_alerts: int
    assessments: int


def workspace_summary(buyer: Buyer) -> WorkspaceSummary:
    return WorkspaceSummary(
        suppliers=buyer.suppliers.count(),
        categories=buyer.categories.count(),
        open_alerts=ContractAlert.objects.filter(supplier__buyer=buyer,
                                                 seen_at__isnull=True).count(),
        assessments=buyer.assessments.count(),
    )
