from django.urls import path

from regionpulse.core import audit_trail, views

app_name = "core"
urlpatterns = [
    path("enterprises/", views.EnterpriseList.as_view(), name="enterprise-list"),
    path("enterprises/<int:pk>/", views.EnterpriseDetail.as_view(), name="enterprise-detail"),
    path("audit/", audit_trail.trail_page, name="audit-trail"),
    path("audit/export.xlsx", audit_trail.trail_export, name="audit-export"),
]
