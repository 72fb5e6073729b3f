from django.urls import path

from regionpulse.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.home, name="home"),
    path("cockpit/<str:code>/<str:period>/", views.economy, name="economy"),
    path("cockpit/<str:code>/<str:period>/projects/", views.projects, name="projects"),
    path("cockpit/<str:code>/<str:period>/promotion/", views.promotion, name="promotion"),
    path("cockpit/<str:code>/<str:period>/services/", views.service, name="services"),
]
