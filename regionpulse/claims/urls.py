from django.urls import path

from regionpulse.claims import views

app_name = "claims"

urlpatterns = [
    path("", views.page, name="page"),
    path("publish/", views.publish_figures, name="publish"),
]
