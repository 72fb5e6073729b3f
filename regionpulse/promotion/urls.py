from django.urls import path

from regionpulse.promotion import views

app_name = "promotion"
urlpatterns = [
    path("", views.Board.as_view(), name="board"),
    path("deals/<int:pk>/", views.DealDetail.as_view(), name="deal-detail"),
    path("deals/<int:pk>/move/", views.move_deal, name="deal-move"),
    path("investors/", views.InvestorList.as_view(), name="investor-list"),
    path("investors/<int:pk>/", views.InvestorDetail.as_view(), name="investor-detail"),
    path("chains/", views.ChainList.as_view(), name="chain-list"),
    path("chains/<int:pk>/", views.ChainDetail.as_view(), name="chain-detail"),
    path("targets/", views.Targets.as_view(), name="targets"),
    *views.SHEETS.urls(),
]
