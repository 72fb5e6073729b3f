from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regionpulse.cockpit import phrases
from regionpulse.cockpit.cache import cached_body
from regionpulse.cockpit.charts import comparison_chart, trend_chart
from regionpulse.core.lookups import home_region, viewable_region_and_period
from regionpulse.core.models import Region, Role
from regionpulse.core.periods import Period
from regionpulse.desk import charts as desk_charts
from regionpulse.desk.figures import by_category, by_department, services
from regionpulse.indicators.figures import IndicatorFigures
from regionpulse.indicators.figures import economy as economy_figures
from regionpulse.indicators.models import Indicator, Observation
from regionpulse.projects import charts as project_charts
from regionpulse.projects.figures import major_projects, reported_periods
from regionpulse.promotion import charts as promotion_charts
from regionpulse.promotion.figures import by_chain, by_tag, investment_promotion


def _latest_period(region: Region) -> Period | None:
    latest = (
        Observation.objects.filter(region=region, status=Observation.Status.APPROVED)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    return Period(*latest) if latest else None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "role", None) == Role.ENTERPRISE:
        return redirect("projects:project-list")
    if getattr(request.user, "reads_audit", False):
        return redirect("core:audit-trail")
    region = home_region(request.user)
    if region is None:
        return render(request, "cockpit/empty.html", {"reason": "还没有行政区划数据，请管理员先导入地区"})
    period = _latest_period(region)
    if period is None:
        return render(request, "cockpit/empty.html", {"reason": f"{region.name}还没有已审核的指标数据"})
    return redirect("cockpit:economy", code=region.code, period=period.iso)


def _cards(items: list[IndicatorFigures], region: Region) -> list[dict[str, Any]]:
    parent = phrases.parent_word(region)
    cards = []
    for item in items:
        points = item.indicator.growth_unit == Indicator.GrowthUnit.POINTS
        cards.append(
            {
                "figures": item,
                "growth": phrases.growth_phrase(item.growth.value, item.indicator.growth_decimals, points),
                "share": phrases.share_phrase(item.share_of_parent.value, parent),
                "gap": phrases.gap_phrase(item.vs_parent.value, parent),
                "rank": phrases.rank_phrase(item.rank, parent),
            }
        )
    return cards


PeriodsOf = Callable[[Region], list[Period]]
Section = Callable[[HttpRequest, Region, Period], dict[str, Any]]


def cockpit_tab(
    name: str, title: str | Promise, periods_of: PeriodsOf | None = None, varies_on: tuple[str, ...] = ()
) -> Callable[[Section], Any]:
    """A cockpit tab: the toolbar's region and period choice, the scope check, and the context every
    tab shares; ``section`` adds the tab's own figures. The tab's body (``cockpit/<name>.html``) is
    kept until a figure's records change (``cockpit/cache.py``); it holds nothing of the user but
    the regions the toolbar offers, and the query parameters named in ``varies_on``."""

    def decorate(section: Section) -> Any:
        @login_required
        @wraps(section)
        def view(request: HttpRequest, code: str, period: str) -> HttpResponse:
            if "region" in request.GET or "period" in request.GET:
                chosen_code = request.GET.get("region") or code
                return redirect(f"cockpit:{name}", code=chosen_code, period=request.GET.get("period") or period)
            region, when = viewable_region_and_period(request.user, code, period)

            def body() -> str:
                listed = (periods_of or _periods_with_data)(region)
                context = {
                    "region": region,
                    "period": when,
                    "regions": _viewable_regions(request.user),
                    "periods": listed or [when],
                    **section(request, region, when),
                }
                return render_to_string(f"cockpit/{name}.html", context)

            asked = [request.GET.get(parameter, "") for parameter in varies_on]
            key = (name, region.code, when.iso, _viewable_scope(request.user), *asked)
            context = {"region": region, "period": when, "title": title, "body": cached_body(key, body)}
            return render(request, "cockpit/page.html", context)

        return view

    return decorate


@cockpit_tab("economy", _("驾驶舱"), varies_on=("indicator",))
def economy(request: HttpRequest, region: Region, when: Period) -> dict[str, Any]:
    figures = economy_figures(region, when)
    chosen = _chosen_indicator(request, figures.items)
    return {
        "cards": _cards(figures.items, region),
        "chosen": chosen,
        "trend": trend_chart(region, chosen.indicator, when) if chosen else None,
        "comparison": comparison_chart(region, chosen.indicator, when) if chosen else None,
    }


def _chosen_indicator(request: HttpRequest, items: list[IndicatorFigures]) -> IndicatorFigures | None:
    with_values = [item for item in items if item.value.present]
    wanted = request.GET.get("indicator")
    chosen = next((item for item in with_values if item.indicator.code == wanted), None)
    return chosen or (with_values[0] if with_values else None)


def _viewable_scope(user: Any) -> str:
    """What the toolbar's regions depend on: all of them, or those below the user's region."""
    return "*" if user.is_platform_admin else str(user.region.path)


def _viewable_regions(user: Any) -> list[Region]:
    regions = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
    if not user.is_platform_admin:
        regions = regions.filter(path__startswith=user.region.path)
    return list(regions)


def _periods_with_data(region: Region) -> list[Period]:
    rows = (
        Observation.objects.filter(region=region, status=Observation.Status.APPROVED)
        .values_list("year", "month")
        .distinct()
        .order_by("-year", "-month")
    )
    return [Period(year, month) for year, month in rows]


@cockpit_tab("projects", _("重大项目"), periods_of=reported_periods)
def projects(request: HttpRequest, region: Region, when: Period) -> dict[str, Any]:
    figures = major_projects(region, when)
    return {
        "figures": figures,
        "elapsed": when.month * 100 / 12,
        "by_task_force": project_charts.completion_by(figures, "task_force", "各专班计划完成率"),
        "by_leader": project_charts.completion_by(figures, "leader", "各包联领导项目计划完成率"),
        "by_industry": project_charts.completion_by(figures, "industry", "分行业计划完成率"),
        "by_stage": project_charts.by_stage(figures),
    }


@cockpit_tab("promotion", _("招商引资"))
def promotion(request: HttpRequest, region: Region, when: Period) -> dict[str, Any]:
    figures = investment_promotion(region, when)
    chains = by_chain(region, when)
    return {
        "figures": figures,
        "signed_completion": figures.completion("projects_signed"),
        "amount_completion": figures.completion("signed_amount"),
        "funnel": promotion_charts.funnel(figures),
        "by_chain": promotion_charts.signed_by_chain(chains),
        "tags": by_tag(region, when),
    }


@cockpit_tab("services", _("企业服务"))
def service(request: HttpRequest, region: Region, when: Period) -> dict[str, Any]:
    figures = services(region, when)
    return {
        "figures": figures,
        "written": figures.as_json(),
        "backlog": desk_charts.backlog_by_age(figures),
        "categories": by_category(region, when),
        "departments": by_department(region, when),
    }
