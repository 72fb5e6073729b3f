from django.urls import path

from regionpulse.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.RequestList.as_view(), name="request-list"),
    path("new/", views.raise_view, name="request-raise"),
    path("<int:pk>/", views.RequestDetail.as_view(), name="request-detail"),
    path("<int:pk>/step/", views.step_view, name="request-step"),
    path("officer/", views.OfficerDesk.as_view(), name="officer"),
    path("approvals/", views.ApprovalList.as_view(), name="approval-list"),
    path("notifications/", views.NotificationList.as_view(), name="notifications"),
    *views.SHEETS.urls(),
]
