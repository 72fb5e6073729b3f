"""`make bench` (``python -m regionpulse.bench``): the cockpit's figures on a generated province,
each family against a per-row ORM loop and against one hand-written SQL query, in the same run.

See ``__main__.py`` for what runs and the environment variables that make a run smaller.
"""
