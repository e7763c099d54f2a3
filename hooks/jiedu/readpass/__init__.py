"""The build's reading pass: a page's text cut into units, read in worker processes before rendering, kept in the per-paragraph cache. Imports base and reading."""
