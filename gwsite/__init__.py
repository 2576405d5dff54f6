"""gwsite: the news and publicity portal of a 关工委 system, as a MkDocs plugin and a command."""

__version__ = "0.1.0"
