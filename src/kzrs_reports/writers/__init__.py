"""Writers: one document model in, one file format out."""
