"""Database plumbing shared by every app: fast row writes and reads, value adapters, COPY, chunked IN
lists, epoch seconds and row locking, on SQLite and PostgreSQL alike.

Nothing here knows a business rule; each module is one concern, imported by its own path.
"""
