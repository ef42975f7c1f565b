"""Distribution: recipients, per-recipient messages, the outbox, the journal and SMTP sending."""
