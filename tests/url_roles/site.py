from tests.url_roles import LOGIN, READ_ALL, Route


def routes():
    return {
        # Every role has a home page (home/): what needs their attention.
        "home": Route("/", READ_ALL),
        "login": Route(
            "/accounts/login/",
            dict.fromkeys(("anonymous", "executive", "procurement", "risk_leader", "admin"), 200),
        ),
        # Logout answers POST only; a GET is refused with 405 for everyone signed in.
        "logout": Route(
            "/accounts/logout/",
            {"anonymous": LOGIN, "executive": 405, "procurement": 405, "risk_leader": 405, "admin": 405},
        ),
        # Public for load balancers: ok/error per part and nothing else (common/health.py).
        "health": Route(
            "/health/",
            dict.fromkeys(("anonymous", "executive", "procurement", "risk_leader", "admin"), 200),
        ),
        # The admin site sends non-staff users to its own sign-in page.
        "admin:index": Route(
            "/admin/",
            {"anonymous": 302, "executive": 302, "procurement": 302, "risk_leader": 302, "admin": 200},
        ),
    }
