"""The roll-ups' periodic job, enqueued by `zhenxing worker` (the same work as
`zhenxing rollup refresh`): lights move with the date, so every roll-up is rebuilt daily."""

import datetime

from django_tasks import task

from zhenxing.audit.context import acting_as
from zhenxing.lib.jobs import periodic


@periodic(every=datetime.timedelta(days=1))
@task()
def rollups_refresh() -> int:
    """Rebuild every task roll-up."""
    from zhenxing.rollups.services import rollups_rebuild

    with acting_as(actor_name="job:rollup refresh"):
        return rollups_rebuild()
