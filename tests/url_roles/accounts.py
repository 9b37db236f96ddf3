"""The accounts pages: personal, so every signed-in role may use them for its own tokens and two-factor."""

from tests.url_roles import LOGIN, Route

SIGNED_IN = ("executive", "procurement", "risk_leader", "admin")
EVERYONE = ("anonymous", *SIGNED_IN)


def routes():
    return {
        "accounts:tokens": Route("/accounts/tokens/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 200)}),
        # Revoking answers POST only (a GET is 405); someone else's token is 404 (tests/accounts/).
        "accounts:token_revoke": Route(
            "/accounts/tokens/1/revoke/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)}
        ),
        # The code step after the password: with no password step pending it sends everyone to sign in.
        "login_two_factor": Route("/accounts/login/two-factor/", dict.fromkeys(EVERYONE, LOGIN)),
        "accounts:two_factor": Route(
            "/accounts/two-factor/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 200)}
        ),
        "accounts:two_factor_enable": Route(
            "/accounts/two-factor/enable/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 200)}
        ),
        # Changes to two-factor answer POST only, with a current code (tests/accounts/test_two_factor.py).
        "accounts:two_factor_disable": Route(
            "/accounts/two-factor/disable/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)}
        ),
        "accounts:recovery_codes": Route(
            "/accounts/two-factor/recovery-codes/", {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)}
        ),
        # Single sign-on answers 404 unless configured from the environment (tests/accounts/test_oidc.py).
        "accounts:oidc_login": Route("/accounts/oidc/login/", dict.fromkeys(EVERYONE, 404)),
        "accounts:oidc_callback": Route("/accounts/oidc/callback/", dict.fromkeys(EVERYONE, 404)),
    }
