"""Reading bank statements into entries: CAMT.053 XML (ISO 20022 bank-to-customer statement,
the Dutch banks' standard export) and a Dutch CSV export. Pure parsing, no database.

A statement is untrusted input: the XML parser refuses DTDs and entities (billion laughs,
external entities), files above MAX_BYTES and statements with more than MAX_ENTRIES entries are
refused before anything is booked, and every refusal is a StatementRefused with a Dutch message.
Only credit entries (money received) become entries; debits are counted and skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

# Caps of an upload (not rule book numbers: protection against a hostile or mistaken file).
MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 5000


class StatementRefused(ValueError):
    """The file is not a statement we read safely; the message is Dutch, for the user."""


@dataclass(frozen=True)
class Entry:
    amount: Decimal
    currency: str
    booked_on: dt.date
    counterparty_name: str
    iban: str
    remittance: str
    bank_reference: str


@dataclass(frozen=True)
class Statement:
    entries: list[Entry]
    skipped: int  # debit entries: money going out is not a payment to PSO-Nederland


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refusing it when it is bigger than MAX_BYTES (read one byte
    more than allowed so a huge file is never read whole into memory)."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise StatementRefused(_("Het bestand is te groot (meer dan %(mb)s MB).")
                               % {"mb": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        raise StatementRefused(_("Het bestand is leeg."))
    return data


def is_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def iban_check(value: str) -> tuple[str, bool | None]:
    """Normalised IBAN and whether it is valid (None when there is none)."""
    iban = re.sub(r"\s+", "", value or "").upper()[:34]
    if not iban:
        return "", None
    try:
        IBAN(iban)
    except SchwiftyException:
        return iban, False
    return iban, True


def fingerprint(*parts: object) -> str:
    """A reference for an entry the bank gave none: the same entry read again gets the same
    one, so a re-imported file is still recognised as a duplicate."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f"sha:{digest}"


def _too_many(count: int) -> None:
    if count > MAX_ENTRIES:
        raise StatementRefused(_("Het afschrift heeft meer dan %(max)s boekingen; splits het "
                                 "bestand.") % {"max": MAX_ENTRIES})


# ----- CAMT.053 -------------------------------------------------------------------------------

def _local(tag: str) -> str:
    # Banks use different camt.053 versions (.001.02, .04, .08): compare names without the
    # namespace.
    return tag.rsplit("}", 1)[-1]


def _child(node: Element | None, *path: str) -> Element | None:
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _children(node: Element | None, name: str) -> list[Element]:
    return [] if node is None else [c for c in node if _local(c.tag) == name]


def _text(node: Element | None, *path: str) -> str:
    found = _child(node, *path)
    return (found.text or "").strip() if found is not None else ""


def _descendant_text(node: Element | None, name: str) -> str:
    if node is None:
        return ""
    found = next((e for e in node.iter() if _local(e.tag) == name), None)
    return (found.text or "").strip() if found is not None and found.text else ""


def _parse_xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise StatementRefused(_("Het bestand bevat een DTD of entiteiten; zo'n bestand lezen "
                                 "we om veiligheidsredenen niet in.")) from exc
    except (ParseError, ValueError) as exc:
        raise StatementRefused(_("Het bestand is geen geldig XML-bestand.")) from exc


def _amount(text: str) -> Decimal:
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise StatementRefused(_("Een boeking heeft een ongeldig bedrag: %(value)s")
                               % {"value": text[:40]}) from exc
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise StatementRefused(_("Een boeking heeft een ongeldig bedrag: %(value)s")
                               % {"value": text[:40]})
    return amount


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise StatementRefused(_("Een boeking heeft een ongeldige datum: %(value)s")
                               % {"value": text[:40]}) from exc


def _remittance(tx: Element | None, entry: Element) -> str:
    info = _child(tx, "RmtInf") if tx is not None else None
    if info is None:
        info = _child(entry, "AddtlNtryInf")
        return (info.text or "").strip() if info is not None and info.text else ""
    parts = [(u.text or "").strip() for u in _children(info, "Ustrd")]
    for structured in _children(info, "Strd"):
        parts.append(_descendant_text(_child(structured, "CdtrRefInf"), "Ref"))
    return " ".join(p for p in parts if p)[:500]


def _reference(entry: Element, refs: Element | None, index: int, several: bool) -> str:
    """The bank's own reference of the entry (AcctSvcrRef); in a batch booking (several
    transactions in one entry) the transaction's own, or the entry's with its position. The
    payer's EndToEndId is the last resort: it is not the bank's and may repeat."""
    entry_ref, tx_ref = _text(entry, "AcctSvcrRef"), _text(refs, "AcctSvcrRef")
    end_to_end = _text(refs, "EndToEndId")
    end_to_end = "" if end_to_end == "NOTPROVIDED" else end_to_end
    if several:
        if tx_ref and tx_ref != entry_ref:
            return tx_ref
        return f"{entry_ref}/{index}" if entry_ref else end_to_end
    return entry_ref or tx_ref or end_to_end


def _camt_entry(entry: Element, tx: Element | None, index: int, several: bool) -> Entry:
    amount_node = _child(tx, "Amt") if several else None
    if amount_node is None and several:
        amount_node = _child(tx, "AmtDtls", "TxAmt", "Amt")
    if amount_node is None:
        amount_node = _child(entry, "Amt")
    if amount_node is None:
        raise StatementRefused(_("Een boeking heeft geen bedrag."))
    booked = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")
    parties = _child(tx, "RltdPties")
    name = _descendant_text(_child(parties, "Dbtr"), "Nm")
    iban = _text(parties, "DbtrAcct", "Id", "IBAN")
    remittance = _remittance(tx, entry)
    reference = _reference(entry, _child(tx, "Refs"), index, several)
    amount = _amount(amount_node.text or "")
    booked_on = _date(booked)
    return Entry(
        amount=amount, currency=(amount_node.get("Ccy") or "EUR").upper()[:3],
        booked_on=booked_on, counterparty_name=name[:140], iban=iban,
        remittance=remittance,
        bank_reference=(reference or fingerprint(booked_on, amount, iban, remittance))[:100],
    )


def parse_camt053(data: bytes) -> Statement:
    root = _parse_xml(data)
    statements = _children(_child(root, "BkToCstmrStmt"), "Stmt")
    if _local(root.tag) != "Document" or not statements:
        raise StatementRefused(_("Dit is geen CAMT.053-afschrift (BkToCstmrStmt ontbreekt)."))
    nodes = [n for s in statements for n in _children(s, "Ntry")]
    _too_many(len(nodes))
    entries, skipped = [], 0
    for node in nodes:
        if _text(node, "CdtDbtInd") != "CRDT":
            skipped += 1
            continue
        txs = [t for d in _children(node, "NtryDtls") for t in _children(d, "TxDtls")]
        several = len(txs) > 1
        for index, tx in enumerate(txs or [None], start=1):
            entries.append(_camt_entry(node, tx, index, several))
    _too_many(len(entries))
    return Statement(entries=entries, skipped=skipped)


# ----- CSV ------------------------------------------------------------------------------------
# A Dutch bank export: ';' between fields, decimal comma ("1.234,56"), a header row. The
# columns we read, with the names banks commonly use for them (first match wins):
CSV_COLUMNS = {
    "date": ("boekdatum", "datum", "rentedatum"),
    "amount": ("bedrag", "bedrag (eur)"),
    "direction": ("af bij", "af/bij", "credit/debet"),
    "name": ("naam tegenpartij", "naam / omschrijving", "naam"),
    "iban": ("tegenrekening", "tegenrekening iban", "tegenrekening iban/bban", "iban tegenpartij"),
    "remittance": ("omschrijving", "mededelingen", "omschrijving-1"),
    "reference": ("referentie", "transactiereferentie", "bankreferentie"),
    "currency": ("valuta", "munt"),
}
REQUIRED = ("date", "amount")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # older Dutch bank exports


def _columns(header: list[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    found = {}
    for key, aliases in CSV_COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[key] = names.index(alias)
                break
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise StatementRefused(_("De CSV mist de kolommen Datum en Bedrag (gescheiden door "
                                 "puntkomma's)."))
    return found


def _dutch_amount(text: str) -> Decimal:
    """'1.234,56', '+95,00', '-12,50' → Decimal (sign kept)."""
    cleaned = text.strip().replace("€", "").replace(" ", "").replace(".", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise StatementRefused(_("Een regel heeft een ongeldig bedrag: %(value)s")
                               % {"value": text[:40]}) from exc
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise StatementRefused(_("Een regel heeft een ongeldig bedrag: %(value)s")
                               % {"value": text[:40]})
    return amount


def _dutch_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise StatementRefused(_("Een regel heeft een ongeldige datum: %(value)s")
                           % {"value": text[:40]})


def _csv_row(row: list[str], cols: dict[str, int]) -> Entry | None:
    def cell(key: str) -> str:
        index = cols.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    amount = _dutch_amount(cell("amount"))
    direction = cell("direction").lower()
    if direction in ("af", "debet", "d") or amount < 0 or amount == 0:
        return None  # money going out
    booked_on = _dutch_date(cell("date"))
    iban, remittance = cell("iban"), cell("remittance")[:500]
    return Entry(amount=amount, currency=(cell("currency") or "EUR").upper()[:3],
                 booked_on=booked_on, counterparty_name=cell("name")[:140], iban=iban,
                 remittance=remittance,
                 bank_reference=(cell("reference")
                                 or fingerprint(booked_on, amount, iban, remittance))[:100])


def parse_csv(data: bytes) -> Statement:
    try:
        rows = list(csv.reader(io.StringIO(_decode(data)), delimiter=";"))
    except csv.Error as exc:
        raise StatementRefused(_("Het bestand is geen leesbare CSV.")) from exc
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise StatementRefused(_("Het bestand is leeg."))
    cols = _columns(rows[0])
    _too_many(len(rows) - 1)
    entries, skipped = [], 0
    for row in rows[1:]:
        entry = _csv_row(row, cols)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return Statement(entries=entries, skipped=skipped)
