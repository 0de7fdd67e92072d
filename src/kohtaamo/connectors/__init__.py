"""Channels in: connectors that bring a platform's conversations into the one ingestion path.

Each kind (WhatsApp Business Cloud API, Chatwoot, an IMAP mailbox) is its own small package behind one
interface (``kinds.ConnectorKind``), the way healthchecks keeps its integrations; every one of them writes
through ``timeline.ingest.interactions_ingest``, so identity resolution, idempotency and per-record errors
are the same as for the API and bulk files.
"""
