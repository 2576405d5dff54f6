"""Content: what correspondents and the office write, read and checked.

Story files with their front-matter, the office's registry (units, outlets, scoring), the
pages of `content/` and the whole site loaded from them. Nothing here knows of MkDocs.

A story file goes `reader` (bytes, fences, YAML through `yamlsafe`) → `fields` (each
front-matter value, through `values` and `names`) → `placements` (the 刊用 list) → `body`
(limits, images, summary) → a `story.Story`. The registry is `registry` (data, lookup),
loaded by `registry_files`; `loading` reads the whole site; `pagemeta` checks the keys
MkDocs and the theme read.
"""
