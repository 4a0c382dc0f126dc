"""Project library (项目库): projects with national codes, their periodic updates, imports,
summary tables for the dashboards, and the investment-attraction funnel (signing events)."""

from zhenxing.projects.models.choices import (  # noqa: F401
    FUNDING_BITS,
    MONEY,
    FundingSource,
    Industry,
    funding_flags,
    funding_sources_from_flags,
)
from zhenxing.projects.models.events import (  # noqa: F401
    SigningEvent,
)
from zhenxing.projects.models.exports import (  # noqa: F401
    ProjectExport,
)
from zhenxing.projects.models.imports import (  # noqa: F401
    ImportJob,
)
from zhenxing.projects.models.projects import (  # noqa: F401
    Project,
    ProjectQuerySet,
    ProjectUpdate,
)
from zhenxing.projects.models.signings import (  # noqa: F401
    SignedProject,
)
from zhenxing.projects.models.summaries import (  # noqa: F401
    ProjectFundingSummary,
    ProjectSummary,
)
