"""The API tokens pages: personal, so every signed-in role may use them for its own tokens."""

from . import LOGIN, Route

SIGNED_IN = ("executive", "procurement", "risk_leader", "admin")


def routes():
    return {
        "accounts:tokens": Route("/accounts/tokens/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 200)}),
        # Revoking answers POST only (a GET is 405); someone else's token is 404 (tests/accounts/).
        "accounts:token_revoke": Route(
            "/accounts/tokens/1/revoke/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)}
        ),
    }
