"""A page's HTML: ruby, glossary terms, tooltips, vocabulary, the glossary page, search entries, edit links. Imports base, annotations and reading."""
