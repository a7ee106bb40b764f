from django.apps import AppConfig


class ReceiptsConfig(AppConfig):
    name = "motcua.receipts"
    label = "receipts"
    verbose_name = "Fee receipts"

    def ready(self) -> None:
        from motcua.core.events import subscribe
        from motcua.dossiers.events import DossierRefused, DossierWithdrawn, FeePaid
        from motcua.receipts import subscribers

        subscribe(FeePaid, subscribers.issue_online_receipt, name="receipts.online")
        subscribe(DossierRefused, subscribers.refund_due, name="receipts.refunds")
        subscribe(DossierWithdrawn, subscribers.refund_due, name="receipts.refunds")
