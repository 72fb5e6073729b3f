from django.urls import path

from regionpulse.indicators import views

app_name = "indicators"
urlpatterns = [
    path("observations/", views.ObservationList.as_view(), name="observation-list"),
    path("observations/<int:pk>/", views.ObservationDetail.as_view(), name="observation-detail"),
    path("observations/<int:pk>/edit/", views.ObservationEdit.as_view(), name="observation-edit"),
    path("observations/review/", views.transition, name="observation-transition"),
    path("observations/import/", views.import_observations, name="observation-import"),
    path("observations/export.xlsx", views.export_observations, name="observation-export"),
    path("observations/template.xlsx", views.import_template, name="observation-template"),
]
