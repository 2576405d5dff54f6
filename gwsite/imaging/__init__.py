"""Imaging: the photos stories and pages use, found, checked and turned into web renditions.

`uses` finds which photos the site uses and reports on them; `process` runs each through
`decode` (opening safely, upright sRGB pixels) and `renditions` (widths, WebP and JPEG),
kept between builds by `cache`; `records` holds what they hand each other.
"""
