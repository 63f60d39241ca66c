"""Helpers of the payment tests: invoices to pay and bank statements to import."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from psoportal.billing.invoices import Line, invoice_issue
from psoportal.billing.models import Invoice

BOOKED = dt.date(2026, 12, 15)
GOOD_IBAN = "NL20INGB0001234567"
BAD_IBAN = "NL12ABNA0123456789"  # checksum wrong


def fee_invoice(organisation, amount: str = "100.00", on: dt.date = BOOKED) -> Invoice:
    """An open invoice of `amount` excl. VAT (its total includes VAT)."""
    return invoice_issue(organisation=organisation, application=None, kind=Invoice.Kind.FEE,
                         period=f"fee:{uuid.uuid4().hex[:8]}", on=on,
                         lines=[Line(code="change_ci", description="Wijziging",
                                     amount=Decimal(amount))])


@dataclass
class Tx:
    amount: Decimal | str
    remittance: str = ""
    reference: str = ""
    iban: str = GOOD_IBAN
    name: str = "Voorbeeld B.V."
    direction: str = "CRDT"
    currency: str = "EUR"
    booked: dt.date = BOOKED


def _entry(tx: Tx, index: int) -> str:
    reference = tx.reference or f"REF-{index:05d}"
    return f"""
      <Ntry>
        <Amt Ccy="{tx.currency}">{tx.amount}</Amt>
        <CdtDbtInd>{tx.direction}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{tx.booked.isoformat()}</Dt></BookgDt>
        <AcctSvcrRef>{escape(reference)}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties>
            <Dbtr><Nm>{escape(tx.name)}</Nm></Dbtr>
            <DbtrAcct><Id><IBAN>{tx.iban}</IBAN></Id></DbtrAcct>
          </RltdPties>
          <RmtInf><Ustrd>{escape(tx.remittance)}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""


def camt053(*txs: Tx, namespace: str = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
            ) -> bytes:
    entries = "".join(_entry(tx, i) for i, tx in enumerate(txs, start=1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{namespace}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>TEST</MsgId><CreDtTm>2026-12-15T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>TEST-1</Id>
      <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>{entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()
