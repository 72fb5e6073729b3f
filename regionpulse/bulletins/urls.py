from django.urls import path

from regionpulse.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.BulletinList.as_view(), name="list"),
    path("new/", views.new_bulletin, name="new"),
    path("<int:pk>/", views.BulletinDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.BulletinEdit.as_view(), name="edit"),
    path("<int:pk>/publish/", views.publish_bulletin, name="publish"),
    path("<int:pk>/bulletin.<str:fmt>", views.download, name="download"),
]
