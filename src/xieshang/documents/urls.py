"""/cases/<case_name>/documents/… (included from xieshang.web.urls)."""

from django.urls import path

from xieshang.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("letter/<str:kind>.<str:fmt>", views.letter, name="letter"),
    path("packet.pdf", views.packet, name="packet"),
    path("dossier.zip", views.dossier, name="dossier"),
    path("prepare/<str:kind>/", views.prepare, name="prepare"),
]
