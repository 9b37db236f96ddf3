"""What every API endpoint shares: permissions, error bodies, optimistic locking, schema hooks.

The vendors and evaluator apps build their viewsets from these pieces so that
a new endpoint gets the same permissions, error format and 412 handling.
"""
