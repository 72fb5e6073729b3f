from django.db import transaction

from regionpulse.core.actors import acting_as
from regionpulse.core.locking import lock
from regionpulse.core.periods import Period
from regionpulse.demo import desk, indicators, organisations, projects, promotion, regions, users
from regionpulse.demo.indicators import REFERENCE_PERIOD
from regionpulse.demo.regions import HOME
from regionpulse.demo.users import DemoLogin


def load_all() -> list[DemoLogin]:
    """Load (or top up) the whole demo data set in one transaction."""
    with acting_as(None, "demo"), transaction.atomic():
        all_regions = regions.load()
        home = all_regions[HOME]
        orgs = organisations.load(home)
        loaded = indicators.load(all_regions) + projects.load(home, orgs) + promotion.load(home, orgs) + desk.load(home)
        if loaded:
            # Approved periods are closed: 2021 as a whole and the published half-year.
            for period in (Period(2021, 12), REFERENCE_PERIOD):
                lock(home, period, None, "演示：已审核的期间")
        logins = users.load(home, orgs)
        desk.load_key_enterprises(home)
        return logins
