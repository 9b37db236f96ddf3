"""The bounded load test's parts: data set-up, the gunicorn server, simulated users, the report.

Run through tests/perf/load_test.py (see its docstring); pytest never collects tests/perf.
"""
