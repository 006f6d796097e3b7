"""Events as a typed pandas DataFrame, one row per event.

The columns are those of the CSV and Parquet exports (`lapwing.export.FLAT_COLUMNS`), in
their order, so a frame built here and a loaded export line up:

    - `actor_*`, `recipient_*` (`text`, `code`, `country`, `sector`, `name`) and `location_*`
      (`name`, `geonameid`, `lat`, `lon`, `country`, `admin1`, `precision`) hold the nested
      objects' fields; an absent actor or location gives missing values, not a column less.
    - `context` stays a list of strings per row (object dtype), as in the Parquet export: a
      joined string would have to be split again and turns no context into "".
    - `spans` is the JSON text the exports write (`{"trigger": [15, 22], ...}`): offsets are
      for going back to the article, which the `Event` records serve better.
    - The store's dedup columns (`num_mentions` ... `last_seen`) are always there, missing
      for events that never went through a store.

Dtypes: codes and text are pandas "string" (CAMEO "040" stays "040"); integers nullable
Int64; scores and coordinates float64; dates datetime64[s] (a day needs no finer unit, and
seconds, unlike pandas' default nanoseconds, hold any year a historical event may name).

pandas is optional (`pip install 'lapwing[pandas]'`) and imported only when a frame is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from lapwing.errors import LapwingError
from lapwing.export import FLAT_COLUMNS, flat_row
from lapwing.records import Event

if TYPE_CHECKING:
    import pandas as pd

_DTYPES = {
    "VARCHAR": "string",
    "INTEGER": "Int64",
    "BIGINT": "Int64",
    "DOUBLE": "float64",
    "DATE": "datetime64[s]",
    "VARCHAR[]": "object",
}
COLUMNS: tuple[tuple[str, str], ...] = tuple((name, _DTYPES[kind]) for name, kind in FLAT_COLUMNS)


class FrameError(LapwingError):
    """Events could not be made into a DataFrame; the message says why."""


def events_frame(events: Iterable[Event | Mapping[str, Any]]) -> pd.DataFrame:
    """A DataFrame of `Event` records or event dicts (the `Event.to_dict()` shape, as
    `lapwing code` prints and `Store.events()` yields), typed as the module docstring says.
    No events give an empty frame with the same columns and dtypes."""
    pandas = _pandas()
    columns: dict[str, list[Any]] = {name: [] for name, _ in COLUMNS}
    for item in events:
        row = flat_row(_event_dict(item))
        for name, values in columns.items():
            values.append(row[name])
    return pandas.DataFrame(
        {name: _series(pandas, name, dtype, columns[name]) for name, dtype in COLUMNS}
    )


def _pandas() -> ModuleType:
    try:
        import pandas
    except ImportError as e:
        raise FrameError(
            "lapwing.events_frame needs pandas: pip install 'lapwing[pandas]' (or pandas itself)"
        ) from e
    return pandas


def _event_dict(item: Event | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(item, Event):
        return item.to_dict()
    if not isinstance(item, Mapping):
        raise TypeError(f"expected an Event or an event dict, got {type(item).__name__}")
    cameo = item.get("cameo")
    if cameo is not None and not isinstance(cameo, str):
        # A code that went through a number has already lost its leading zero: 40 was "040".
        raise FrameError(
            f"event {item.get('id')!r}: cameo {cameo!r} is not a string; "
            "read CAMEO codes as text (pandas: dtype={'cameo': str})"
        )
    return item


def _series(pandas: ModuleType, name: str, dtype: str, values: list[Any]) -> pd.Series:
    try:
        if dtype.startswith("datetime64"):
            # numpy parses ISO dates straight into the unit; pandas would go through
            # nanoseconds and fail on years before 1677.
            import numpy

            return pandas.Series(numpy.array(values, dtype=dtype), name=name)
        return pandas.Series(values, dtype=dtype, name=name)
    except (TypeError, ValueError, OverflowError) as e:
        raise FrameError(f"column {name}: {e}") from e
