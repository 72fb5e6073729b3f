from django.urls import include, path
from rest_framework.routers import DefaultRouter

from regionpulse.bulletins.api import BulletinViewSet, WrittenView
from regionpulse.core.api import EnterpriseViewSet, FiguresView, RegionViewSet
from regionpulse.desk.api import ApprovalCaseViewSet, KeyEnterpriseViewSet, NotificationViewSet, RequestViewSet
from regionpulse.indicators.api import IndicatorViewSet, ObservationViewSet
from regionpulse.projects.api import AnnualPlanViewSet, ProgressReportViewSet, ProjectViewSet
from regionpulse.promotion.api import ChainViewSet, DealViewSet, EngagementViewSet, InvestorViewSet, TargetViewSet

router = DefaultRouter()
router.register("bulletins", BulletinViewSet, basename="bulletin")
router.register("regions", RegionViewSet, basename="region")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("observations", ObservationViewSet, basename="observation")
router.register("projects", ProjectViewSet, basename="project")
router.register("plans", AnnualPlanViewSet, basename="plan")
router.register("progress", ProgressReportViewSet, basename="progress")
router.register("investors", InvestorViewSet, basename="investor")
router.register("chains", ChainViewSet, basename="chain")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("deals", DealViewSet, basename="deal")
router.register("targets", TargetViewSet, basename="target")
router.register("requests", RequestViewSet, basename="request")
router.register("approvals", ApprovalCaseViewSet, basename="approval")
router.register("key-enterprises", KeyEnterpriseViewSet, basename="key-enterprise")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("figures/<str:region>/<str:period>/", FiguresView.as_view(), name="api-figures"),
    path("bulletin/<str:region>/<str:period>/", WrittenView.as_view(), name="api-bulletin"),
    path("", include(router.urls)),
]
