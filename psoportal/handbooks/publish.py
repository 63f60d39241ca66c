"""Publishing a new handbook version (issue 14 item 3, rule book §10): it is scheduled for its
effective date (the engine knows it from then on, handbooks/registry.py), a news item announces
it and goes to the newsletter's subscribers, and the Accounthouders whose drafts will move are
e-mailed in advance through the queue (handbooks/announce.py).

Publishing is a compare-and-set on the state, so a double click or two staff members publish
once; the text is checked again by the engine's loader, and only a version that takes effect
after today can be published (drafts move on the date; a date in the past would move them
behind the users' backs).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from psoportal.accounts.models import User
from psoportal.core.audit import audit_record
from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.registry import registry_reset
from psoportal.handbooks.upload import known_versions
from psoportal.methodology.handbook import (
    Handbook,
    HandbookError,
    handbook_for,
    parse_handbook_text,
)
from psoportal.news.models import NewsItem
from psoportal.news.services import MailingRefused, news_item_create, news_item_publish


class PublishRefused(Exception):
    """The version cannot be published; the message says why, in the user's language."""


def version_handbook(version: HandbookVersion) -> Handbook:
    return parse_handbook_text(version.text, source=f"handboekversie {version.version}")


def publish_check(version: HandbookVersion, *, today: dt.date) -> Handbook:
    """The handbook, or PublishRefused with the reason."""
    if version.state != HandbookVersion.State.UPLOADED:
        raise PublishRefused(_("Deze versie is al gepubliceerd."))
    try:
        handbook = version_handbook(version)
    except HandbookError as exc:  # the upload checked it; a changed loader may not agree
        raise PublishRefused(_("Het handboekbestand klopt niet meer: %(error)s")
                             % {"error": exc}) from exc
    # Another version may have been published since this one was uploaded: two versions on one
    # date, or one that does not follow the newest, would leave the engine without a ladder.
    known = {v: effective for v, (_title, effective) in known_versions().items()
             if v != version.version}
    newest = max(known, key=known.get)
    if handbook.effective <= known[newest] or (
            handbook.migration is None or handbook.migration.from_version != newest):
        raise PublishRefused(_(
            "Versie %(newest)s (ingangsdatum %(date)s) is intussen gepubliceerd; deze versie "
            "volgt die niet op. Upload een bestand met een latere ingangsdatum en "
            "from_version = \"%(newest)s\".")
            % {"newest": newest, "date": f"{known[newest]:%d-%m-%Y}"})
    if handbook.effective <= today:
        raise PublishRefused(_(
            "De ingangsdatum (%(date)s) moet na vandaag liggen: concept-rekentools gaan op die "
            "dag over naar de nieuwe versie, en de gebruikers horen dat vooraf.")
            % {"date": f"{handbook.effective:%d-%m-%Y}"})
    return handbook


def announcement(handbook: Handbook, *, previous: Handbook) -> tuple[str, str]:
    """Title and Markdown text of the news item, in Dutch (the news is written in Dutch)."""
    with override("nl"):
        title = _("Het PSO-handboek versie %(version)s gaat in op %(date)s") % {
            "version": handbook.version, "date": f"{handbook.effective:%d-%m-%Y}"}
        lines = [
            _("Op %(date)s gaat versie %(version)s van het handboek van de Prestatieladder "
              "Socialer Ondernemen in. Tot die dag geldt versie %(previous)s.") % {
                "date": f"{handbook.effective:%d-%m-%Y}", "version": handbook.version,
                "previous": previous.version},
            "",
            "## " + _("Wat betekent dit voor u?"),
            "",
            "- " + _("Voor een aanvraag geldt de versie die van kracht is op de dag dat u haar "
                     "indient. Lopende certificeringen veranderen niet."),
            "- " + _("Rekentools die u nog niet hebt ingediend, zetten we op %(date)s om naar "
                     "de nieuwe versie. U ziet dan uw voorlopige trede voor en na, en welke "
                     "stappen u opnieuw moet bekijken.") % {
                         "date": f"{handbook.effective:%d-%m-%Y}"},
        ]
        changes = _changes(handbook, previous)
        if changes:
            lines += ["", "## " + _("Wat verandert er?"), "", *("- " + c for c in changes)]
    return title, "\n".join(lines)


def _changes(new: Handbook, old: Handbook) -> list[str]:
    out = []
    if new.norm_rows != old.norm_rows:
        changed = sum(1 for a, b in zip(old.norm_rows, new.norm_rows, strict=False) if a != b)
        out.append(_("De normen veranderen voor %(count)s organisatiegrootten.")
                   % {"count": changed})
    rules = new.migration
    for rename in rules.renames if rules else ():
        if rename.kind == "category" and rename.old in old.categories:
            out.append(_("De doelgroepcategorie “%(old)s” heet voortaan “%(new)s”.") % {
                "old": old.categories[rename.old].label_nl,
                "new": new.categories[rename.new].label_nl})
    for removal in rules.removals if rules else ():
        if removal.kind == "category" and removal.code in old.categories:
            out.append(_("De doelgroepcategorie “%(old)s” vervalt. Medewerkers in die "
                         "categorie tellen niet meer mee; we zetten ze apart, zodat u ze "
                         "kunt nakijken.") % {"old": old.categories[removal.code].label_nl})
    old_questions = {q.code for a in old.aspects for q in a.questions}
    for aspect in new.aspects:
        for question in aspect.questions:
            if question.code not in old_questions:
                out.append(_("Nieuwe vraag bij “%(aspect)s”: %(question)s") % {
                    "aspect": aspect.label_nl, "question": question.text_nl})
    return out


def handbook_version_publish(*, version: HandbookVersion, by: User) -> NewsItem:
    """Publish `version` for its effective date; returns the news item announcing it."""
    today = timezone.localdate()
    handbook = publish_check(version, today=today)
    previous = handbook_for(handbook.effective - dt.timedelta(days=1))
    title, body = announcement(handbook, previous=previous)
    with transaction.atomic():
        changed = HandbookVersion.objects.filter(
            pk=version.pk, state=HandbookVersion.State.UPLOADED).update(
            state=HandbookVersion.State.PUBLISHED, published_at=timezone.now(), published_by=by)
        if not changed:
            raise PublishRefused(_("Deze versie is al gepubliceerd."))
        item = news_item_create(actor=by, title=title, published_on=today, body=body,
                                language="nl")
        news_item_publish(actor=by, item=item)
        audit_record(actor=by, action="handbook_version_publish", subject=version,
                     changes={"version": version.version,
                              "effective": handbook.effective.isoformat(), "news": item.pk})
        transaction.on_commit(registry_reset)
        transaction.on_commit(lambda: _announce(version.pk, item.pk, by.pk))
    version.refresh_from_db()
    return item


def _announce(version_id: int, item_id: int, user_id: int) -> None:
    """After the commit: the newsletter and the e-mails to the Accounthouders, both queued."""
    from psoportal.handbooks.announce import handbook_announce
    from psoportal.news.services import news_mailing_start

    item = NewsItem.objects.get(pk=item_id)
    # Mailed already (a retried commit hook): once is the point.
    with contextlib.suppress(MailingRefused):
        news_mailing_start(actor=User.objects.filter(pk=user_id).first(), item=item)
    handbook_announce.enqueue(version_id)
