"""The floor's public screens: the ticket kiosk, the printed ticket, the ticket followed by phone."""

from django.urls import path

from motcua.portal.floor import kiosk, ticket

app_name = "floor"
urlpatterns = [
    path("lay-so/<str:centre_code>/", kiosk.kiosk, name="kiosk"),
    path("lay-so/<str:centre_code>/ghep-may/", kiosk.pair, name="pair_kiosk"),
    path("so/<str:token>/", ticket.follow, name="follow"),
    path("so/<str:token>/ve/", ticket.ticket, name="ticket"),
    path("so/<str:token>/ve.pdf", ticket.ticket_pdf, name="ticket_pdf"),
]
