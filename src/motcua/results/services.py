"""Electronic results delivered: a result made ready for an applicant who chose to receive it online is returned
to them by motcua itself (dossiers.services.delivery), as soon as nothing is owed. The "returned" message then
carries the link to download it, and the citizen's account lists it in "my documents"."""

from __future__ import annotations

import logging

from motcua.dossiers import events
from motcua.dossiers.services.delivery import deliver_result_online

log = logging.getLogger(__name__)

# The subscriber's name in core.events (stored with each pending delivery: never rename it).
SUBSCRIBER = "results.deliver_online"
# The result became ready; or a fee got paid (online, after the result was ready): either may be the last thing
# the delivery waited for.
TRIGGERS: tuple[type[events.DossierResultReady | events.FeePaid], ...] = (events.DossierResultReady, events.FeePaid)


def deliver(event: events.DossierResultReady | events.FeePaid) -> None:
    """Subscriber: deliver the result online if the dossier is ready for it (any number of calls return it once)."""
    if deliver_result_online(dossier_id=event.dossier_id):
        log.info("result of dossier %s delivered online", event.code)
