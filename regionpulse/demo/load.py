from django.db import transaction

from regionpulse.core.actors import acting_as
from regionpulse.demo import indicators, organisations, regions, users
from regionpulse.demo.regions import HOME
from regionpulse.demo.users import DemoLogin


def load_all() -> list[DemoLogin]:
    """Load (or top up) the whole demo data set in one transaction."""
    with acting_as(None, "demo"), transaction.atomic():
        all_regions = regions.load()
        home = all_regions[HOME]
        orgs = organisations.load(home)
        indicators.load(all_regions)
        return users.load(home, orgs)
