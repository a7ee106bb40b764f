"""Reads of electronic results: the file a citizen may download with the dossier's code and look-up secret."""

from __future__ import annotations

from motcua.dossiers.models import Dossier, ReturnMethod, StoredFile
from motcua.dossiers.services.codes import normalise_code, secret_matches
from motcua.dossiers.states import State


def delivered_result(*, code: str, secret: str) -> StoredFile | None:
    """The result file of a dossier returned online, if the secret matches (None alike for a wrong code, a wrong
    secret, a result not delivered online yet). One query."""
    dossier = (
        Dossier.objects.select_related("result_file")
        .only("lookup_secret", "state", "return_method", "result_file")
        .filter(code=normalise_code(code))
        .first()
    )
    if dossier is None or not secret_matches(stored=dossier.lookup_secret, given=secret):
        return None
    if dossier.state != State.RETURNED or dossier.return_method != ReturnMethod.ONLINE:
        return None
    return dossier.result_file
