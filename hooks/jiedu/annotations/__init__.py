"""The project's annotations as data: reading overrides, glossary entries, text records and their translations, page sources checked. Imports base only."""
