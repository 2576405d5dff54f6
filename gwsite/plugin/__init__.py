"""The MkDocs plugin: thin hooks over the content, ranking, views, imaging and build layers."""

from .hooks import GwsitePlugin

__all__ = ["GwsitePlugin"]
