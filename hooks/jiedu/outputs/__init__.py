"""Files the build writes beside the pages: the word popup's dictionary, the offline copy. Imports base and readpass (the page cache)."""
