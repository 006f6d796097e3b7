"""lapwing: news articles in, located and dated PLOVER/CAMEO political events out."""

__version__ = "0.1.0"
