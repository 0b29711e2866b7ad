"""The domain: records, vocabularies, settings and rules that need no database (imports nothing else of kompas)."""
