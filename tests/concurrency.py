"""Run several actions at the same moment, each in its own thread with its own database connection.

For the tests that show two writers racing: every action waits at one barrier, so they start
together; the test then asserts that exactly one of them won. Use it inside a
``django_db(transaction=True)`` test, so that the threads see the test's committed rows.
"""

import threading

from django.db import connection


def at_the_same_moment(actions: dict) -> dict:
    """Run ``{key: callable}`` together; return ``{key: what it returned}`` (or the exception it
    raised, so that an unexpected error shows in the test's assertion)."""
    barrier = threading.Barrier(len(actions))
    outcomes = {}

    def run(key, action):
        try:
            barrier.wait(timeout=10)
            outcomes[key] = action()
        except Exception as error:  # noqa: BLE001 - handed to the test, which asserts on it
            outcomes[key] = error
        finally:
            connection.close()  # the thread's own connection

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
