"""The contact log page by page: the newest contacts first, a page at a time, and the follow-ups still open
on the other pages (so that a due call is never hidden on page 3).

A busy case holds hundreds of contacts; the log shows CONTACTS_PER_PAGE of them, each with its evidence and
the offers made in it, in a fixed number of queries whatever the case holds (a page's rendering cost grows
with what it shows, so the log's cost stays flat however long the case runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import F, Q

from xieshang.cases.models import Case
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.negotiation.models import Contact, Offer

CONTACTS_PER_PAGE = 20
MOST_OPEN_SHOWN = 20  # open follow-ups listed from other pages


@dataclass
class ContactLog:
    page: Page  # type: ignore[type-arg]
    contacts: list[Contact]
    # Open follow-ups on the other pages, soonest first.
    open_elsewhere: list[Contact] = field(default_factory=list)

    @property
    def first(self) -> int:
        return int(self.page.start_index())

    @property
    def last(self) -> int:
        return int(self.page.end_index())

    @property
    def total(self) -> int:
        return int(self.page.paginator.count)


def contact_log(case: Case, page: int | str | None = 1, *, per_page: int = CONTACTS_PER_PAGE) -> ContactLog:
    """One page of the case's contacts (newest first; a page number out of range gives the nearest page),
    each with `linked_records`, `linked_files` (its evidence, in the order of the evidence pages) and
    `made_offers` (offers recorded from it, newest first)."""
    paginator = Paginator(case.contacts.select_related("debt"), per_page)
    shown = paginator.get_page(page)
    contacts = list(shown.object_list)
    _attach_links(contacts)
    ids = [c.pk for c in contacts]
    open_elsewhere: list[Contact] = []
    if paginator.num_pages > 1:
        open_elsewhere = list(
            case.contacts.select_related("debt")
            .filter(follow_up_on__isnull=False, follow_up_done=False)
            .exclude(pk__in=ids)
            .order_by("follow_up_on", "id")[:MOST_OPEN_SHOWN]
        )
        if open_elsewhere:  # their pages from the log's order: one query of ids, however many are open
            order = {pk: n for n, pk in enumerate(case.contacts.values_list("id", flat=True))}
            for contact in open_elsewhere:
                contact.log_page = order[contact.pk] // per_page + 1  # type: ignore[attr-defined]
    return ContactLog(page=shown, contacts=contacts, open_elsewhere=open_elsewhere)


def contact_log_page(contact: Contact, *, per_page: int = CONTACTS_PER_PAGE) -> int:
    """The page of the log that shows the contact (the log is newest first: -occurred_at, -id)."""
    newer = Contact.objects.filter(case_id=contact.case_id).filter(
        Q(occurred_at__gt=contact.occurred_at) | Q(occurred_at=contact.occurred_at, id__gt=contact.pk)
    )
    return newer.count() // per_page + 1


def _attach_links(contacts: list[Contact]) -> None:
    """Each contact's evidence and offers: three queries for the page, without a prefetch's per-object work."""
    ids = [c.pk for c in contacts]
    records: dict[int, list[EvidenceRecord]] = {pk: [] for pk in ids}
    files: dict[int, list[EvidenceFile]] = {pk: [] for pk in ids}
    offers: dict[int, list[Offer]] = {pk: [] for pk in ids}
    if ids:
        linked = EvidenceRecord.objects.filter(contacts__in=ids).annotate(_contact=F("contacts__id"))
        for record in linked.order_by("timestamp", "id"):
            records[record._contact].append(record)
        attached = EvidenceFile.objects.filter(contacts__in=ids).annotate(_contact=F("contacts__id"))
        for file in attached.order_by("imported_at", "id"):
            files[file._contact].append(file)
        for offer in Offer.objects.filter(contact_id__in=ids).order_by("-proposed_on", "-id"):
            if offer.contact_id is not None:
                offers[offer.contact_id].append(offer)
    for contact in contacts:
        contact.linked_records = records[contact.pk]  # type: ignore[attr-defined]
        contact.linked_files = files[contact.pk]  # type: ignore[attr-defined]
        contact.made_offers = offers[contact.pk]  # type: ignore[attr-defined]
