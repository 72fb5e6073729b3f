from django.urls import path

from regionpulse.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectList.as_view(), name="project-list"),
    path("<int:pk>/", views.ProjectDetail.as_view(), name="project-detail"),
    path("<int:pk>/report/", views.report_progress, name="progress-create"),
    path("progress/<int:pk>/edit/", views.edit_progress, name="progress-edit"),
    path("review/", views.ReviewQueue.as_view(), name="review-queue"),
    path("review/apply/", views.review, name="review"),
    *views.SHEETS.urls(),
]
