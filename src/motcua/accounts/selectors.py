"""What a citizen's account sees: my dossiers, my documents, and the applicants the account speaks for.

An account speaks for an applicant (an ID number or tax code) when an officer, holding the identity card,
recorded the account's verified phone or e-mail for that applicant at a counter (`Applicant.checked_at`). Those
dossiers are the citizen's, whoever submitted them; so are the dossiers submitted from the account. A number
only typed online proves nothing, so it never opens anyone's dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.accounts.models import CitizenProfile, Draft
from motcua.core.models import User
from motcua.dossiers.models import Applicant, Dossier, DossierFee, StoredFile

PAGE = 20


def profile_of(user: User) -> CitizenProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_citizen_profile", None)
    if cached is None:
        cached = user._citizen_profile = CitizenProfile.objects.filter(user=user).first() or False
    return cached or None


def is_citizen(user: User) -> bool:
    """Whether the user has a citizen's account (staff log in at the desk, not here)."""
    return profile_of(user) is not None


def applicant_ids(user: User) -> list[int]:
    """The applicants this account speaks for (see the module's docstring); read once per request."""
    cached = getattr(user, "_citizen_applicants", None)
    if cached is not None:
        return cached
    profile = profile_of(user)
    found: list[int] = []
    if profile is not None:
        contact = Q(pk__in=[])
        if profile.phone:
            contact |= Q(phone=profile.phone)
        if profile.email:
            contact |= Q(email=profile.email)
        found = list(Applicant.objects.filter(contact, checked_at__isnull=False).values_list("pk", flat=True))
    if getattr(user, "is_authenticated", False):
        user._citizen_applicants = found
    return found


def _mine(user: User, applicants: list[int]) -> Q:
    return Q(submitted_by=user) | Q(applicant_id__in=applicants) if applicants else Q(submitted_by=user)


def my_dossiers(user: User, *, before: int | None = None, limit: int = PAGE) -> tuple[list[Dossier], int | None]:
    """Newest first, `limit` a page; the id to continue from, when there are more. Two queries."""
    qs = Dossier.objects.filter(_mine(user, applicant_ids(user)))
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(
        qs.select_related("procedure", "procedure_version")
        .only(
            "id",
            "code",
            "lookup_secret",
            "state",
            "channel",
            "submitted_at",
            "received_at",
            "due_at",
            "finished_at",
            "extended",
            "return_method",
            "applicant_name",
            "procedure__code",
            "procedure_version__name",
        )
        # A fee still to pay: the row offers to pay it (portal.payment), in the same query.
        .annotate(has_unpaid_fee=Exists(DossierFee.objects.filter(dossier=OuterRef("pk"), paid_at=None, amount__gt=0)))
        .order_by("-pk")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)


def my_dossier(*, user: User, code: str) -> Dossier | None:
    """One of my dossiers by its code (None for anyone else's: the same as an unknown code)."""
    return Dossier.objects.filter(_mine(user, applicant_ids(user)), code=code.strip()).first()


@dataclass
class Document:
    file: StoredFile
    source: str  # "mine" (uploaded to my store) | "counter" (scanned at a counter) | "result"
    dossier_code: str = ""
    at: datetime | None = None


def my_documents(user: User) -> list[Document]:
    """My store of documents: what I uploaded, what counters scanned for the applicants I speak for, and the
    electronic results of my dossiers. Three queries."""
    applicants = applicant_ids(user)
    stored = Q(owner=user) | Q(applicant_id__in=applicants) if applicants else Q(owner=user)
    documents = [
        Document(f, "mine" if f.owner_id == user.pk else "counter", at=f.uploaded_at)
        for f in StoredFile.objects.filter(stored).order_by("-uploaded_at", "-pk")[:500]
    ]
    results = (
        Dossier.objects.filter(_mine(user, applicants), result_file__isnull=False, returned_at__isnull=False)
        .select_related("result_file")
        .only("code", "returned_at", "result_file")
        .order_by("-returned_at")[:200]
    )
    documents += [Document(d.result_file, "result", d.code, d.returned_at) for d in results]
    return documents


def reusable_files(user: User) -> QuerySet[StoredFile]:
    """The files an e-form may attach: my uploads and the papers scanned for me at a counter."""
    applicants = applicant_ids(user)
    stored = Q(owner=user) | Q(applicant_id__in=applicants) if applicants else Q(owner=user)
    return StoredFile.objects.filter(stored)


def my_file(*, user: User, file_id: int) -> StoredFile | None:
    """A file of my documents (to open it), or None."""
    found = reusable_files(user).filter(pk=file_id).first()
    if found is not None:
        return found
    mine = Dossier.objects.filter(_mine(user, applicant_ids(user)), result_file_id=file_id, returned_at__isnull=False)
    return StoredFile.objects.filter(pk=file_id).first() if mine.exists() else None


def drafts_of(user: User) -> list[Draft]:
    return list(
        Draft.objects.filter(citizen=user)
        .select_related("procedure__published_version")
        .only("id", "updated_at", "procedure__code", "procedure__published_version__name")
        .order_by("-updated_at")[:50]
    )
