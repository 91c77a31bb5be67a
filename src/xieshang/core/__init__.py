"""The pure domain: exact money, schedules, replay, APR, legal flags, negotiation options.

Nothing in here imports Django or does I/O: values in, values out.
"""
