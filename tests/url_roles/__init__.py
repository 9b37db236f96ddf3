"""Expected outcome of every URL for every role.

Each module in this package defines ``routes() -> dict[str, Route]`` keyed by
the URL's full name ("vendors:detail"). ``tests/test_url_walk.py`` fails when
the project defines a URL that no module lists, so a new page cannot escape
the walk. Build any objects a route needs inside ``routes()``.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field

LOGIN = "login"  # anonymous visitors are redirected to the sign-in page

READ_ALL = {"anonymous": LOGIN, "executive": 200, "procurement": 200, "risk_leader": 200, "admin": 200}
EDITORS = {"anonymous": LOGIN, "executive": 403, "procurement": 200, "risk_leader": 200, "admin": 200}
RISK_LEADERS = {"anonymous": LOGIN, "executive": 403, "procurement": 403, "risk_leader": 200, "admin": 200}
ADMINS = {"anonymous": LOGIN, "executive": 403, "procurement": 403, "risk_leader": 403, "admin": 200}


@dataclass
class Route:
    path: str
    expected: dict[str, int | str]
    # For pages that change data: who may POST (others get the same refusal as on GET).
    post_forbidden_for: tuple[str, ...] = field(default=())
    # A GET answered with a redirect (e.g. logout) names its target here.
    note: str = ""


def all_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module_routes = module.routes()
        overlap = routes.keys() & module_routes.keys()
        assert not overlap, f"{module_info.name} lists URLs already listed elsewhere: {overlap}"
        routes.update(module_routes)
    return routes
