from django.urls import path

from regionpulse.core import views

app_name = "core"
urlpatterns = [
    path("enterprises/", views.EnterpriseList.as_view(), name="enterprise-list"),
    path("enterprises/<int:pk>/", views.EnterpriseDetail.as_view(), name="enterprise-detail"),
]
