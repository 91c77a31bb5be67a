"""Mounted under `cases/<slug:case_name>/` by `xieshang.web.urls`."""

from django.urls import path

from xieshang.negotiation import views, views_tools

app_name = "negotiation"

urlpatterns = [
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<int:pk>/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/done/", views.contact_done, name="contact-done"),
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer-edit"),
    path("offers/<int:pk>/respond/", views.offer_respond, name="offer-respond"),
    path("agreement/", views.agreement, name="agreement"),
    path("agreement/<int:pk>/confirm/", views.agreement_confirm, name="agreement-confirm"),
    path("agreement/payments/<int:pk>/paid/", views.payment_paid, name="payment-paid"),
    path("agreement/payments/<int:pk>/unpaid/", views.payment_unmark, name="payment-unmark"),
    path("checklist/", views_tools.checklist, name="checklist"),
    path("tone/", views_tools.tone, name="tone"),
    path("calendar.ics", views_tools.calendar_ics, name="calendar"),
]
