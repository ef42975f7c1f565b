"""The document model and the Markdown parser that builds it."""
