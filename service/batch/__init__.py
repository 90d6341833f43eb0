"""Batch generation: the core shared by ``POST /v1/batch`` and ``recouvre batch``.

- :mod:`.items`: reading items, a JSON body ``{"items": [...]}`` or NDJSON (one item per
  line), where an item that cannot be read (a line that is not JSON, an item that is not an
  object) becomes an error item, never a dropped one; running one item (:func:`run_item`),
  where every fault becomes an RFC 9457 problem in the item's manifest entry, so one bad item
  never fails the others; the manifest entries;
- :mod:`.zipstream`: the ZIP stream of the API;
- :mod:`.directory`: the resumable, multi-process directory runner of the command line
  (:func:`run_to_directory`), with its worker processes (:mod:`.pool`), which can also send
  the items to running services (:mod:`.remote`) instead of rendering locally.

The terminal (progress bar, error listing) belongs to :mod:`service.cli`.
"""

from service.batch.directory import (
    ProgressSink,
    RunStats,
    previous_entries,
    reusable,
    run_to_directory,
)
from service.batch.items import (
    ITEM_KEYS,
    MANIFEST,
    MANIFEST_VERSION,
    BatchItem,
    ItemResult,
    bug_problem,
    check_envelope,
    check_limits,
    dumps,
    entry_name,
    error_result,
    items_from_json,
    items_from_ndjson,
    manifest,
    read_items,
    run_item,
    summary,
)
from service.batch.remote import post_item
from service.batch.zipstream import budget_problem, zip_stream

__all__ = [
    "ITEM_KEYS",
    "MANIFEST",
    "MANIFEST_VERSION",
    "BatchItem",
    "ItemResult",
    "ProgressSink",
    "RunStats",
    "budget_problem",
    "bug_problem",
    "check_envelope",
    "check_limits",
    "dumps",
    "entry_name",
    "error_result",
    "items_from_json",
    "items_from_ndjson",
    "manifest",
    "post_item",
    "previous_entries",
    "read_items",
    "reusable",
    "run_item",
    "run_to_directory",
    "summary",
    "zip_stream",
]
