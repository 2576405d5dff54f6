"""Build: turning views into files: sanitised HTML, the page cache, feeds, search and staged output."""
