"""Reports (werkgroep minutes, later raadsinformatie) from one document model, rendered to Markdown or Word."""
