"""The demo's national identity log-in: the demo citizen's account holds an ID number, and the local identity
provider (`motcua identity-provider`, started by `make run`) knows a person with that number, so that logging in
"with VNeID" opens the same account."""

from __future__ import annotations

from django.conf import settings

from motcua.accounts.models import CitizenProfile
from motcua.demo import province as p

DEMO_ID_NUMBER = "001185012345"
PEOPLE_FILE = "identity-provider/people.txt"  # under VAR_DIR; read by `motcua identity-provider --people-file`


def set_up_national_identity(*, citizen_phone: str) -> tuple[str, str, str]:
    """The demo citizen's ID number, and the provider's people file; the log-in line the demo prints."""
    profile = CitizenProfile.objects.select_related("user").get(phone=citizen_phone)
    # Whoever held the demo number before (an earlier run's citizen) lets it go: one account per identity.
    CitizenProfile.objects.filter(id_number=DEMO_ID_NUMBER).exclude(pk=profile.pk).update(id_number="")
    if profile.id_number != DEMO_ID_NUMBER:
        profile.id_number = DEMO_ID_NUMBER
        profile.save(update_fields=["id_number"])
    people = settings.VAR_DIR / PEOPLE_FILE
    people.parent.mkdir(parents=True, exist_ok=True)
    people.write_text(f"{DEMO_ID_NUMBER}:{p.DEMO_PASSWORD}:{profile.user.full_name}\n", encoding="utf-8")
    people.chmod(0o600)
    where = (
        f"{profile.user.full_name} with the national identity: /tai-khoan/dang-nhap/ -> VNeID button -> "
        f"the local provider ({settings.OIDC_ISSUER or 'motcua identity-provider, set MOTCUA_OIDC_ISSUER'})"
    )
    return DEMO_ID_NUMBER, "citizen (VNeID)", where
