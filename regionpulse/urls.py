from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from regionpulse.bulletins import views as bulletin_views
from regionpulse.core import accounts

urlpatterns = [
    path("", include("regionpulse.cockpit.urls")),
    path("indicators/", include("regionpulse.indicators.urls")),
    path("projects/", include("regionpulse.projects.urls")),
    path("promotion/", include("regionpulse.promotion.urls")),
    path("desk/", include("regionpulse.desk.urls")),
    path("bulletins/", include("regionpulse.bulletins.urls")),
    path("claims/", include("regionpulse.claims.urls")),
    path("public/bulletins/", bulletin_views.public_list, name="public-bulletins"),
    path("public/bulletins/<int:pk>/", bulletin_views.public_detail, name="public-bulletin"),
    path("public/bulletins/feed.atom", bulletin_views.PublicFeed(), name="public-bulletins-feed"),
    path("", include("regionpulse.core.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChange.as_view(), name="password_change"),
    path("accounts/two-factor/", accounts.second_factor, name="second-factor"),
    path("accounts/two-factor/verify/", accounts.verify_second_factor, name="verify-second-factor"),
    path("security/lockouts/", accounts.lockouts, name="lockouts"),
    path("security/lockouts/lift/", accounts.lift_lockout, name="lift-lockout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("regionpulse.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]
