"""Log-in of citizens with their verified phone or e-mail and their password (staff log in by username)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from motcua.accounts.models import CitizenProfile
from motcua.accounts.services import AccountError, parse_contact


class CitizenBackend(ModelBackend):
    def authenticate(self, request, contact: str | None = None, password: str | None = None, **kwargs):
        if contact is None or password is None:
            return None
        try:
            found = parse_contact(contact)
        except AccountError:
            return None
        profile = CitizenProfile.objects.select_related("user").filter(**{found.kind: found.value}).first()
        if profile is None:
            self._hash_anyway(password)
            return None
        user = profile.user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    @staticmethod
    def _hash_anyway(password: str) -> None:
        """As long as for an account that exists: the time taken does not tell which contacts have one."""
        from django.contrib.auth.hashers import make_password

        make_password(password)
