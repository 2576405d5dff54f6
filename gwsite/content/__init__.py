"""Content: what correspondents and the office write, read and checked.

Story files with their front-matter, the office's registry (units, outlets, scoring), the
pages of `content/` and the whole site loaded from them. Nothing here knows of MkDocs.
"""
