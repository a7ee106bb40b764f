"""Writes to the catalog, one function per use case."""

from motcua.catalog.services.agencies import attach_procedures_to_agencies
from motcua.catalog.services.fees import confirm_fees
from motcua.catalog.services.imports import ImportReport, import_catalog
from motcua.catalog.services.process import ProcessError, StepInput, budget_problems, save_process
from motcua.catalog.services.versions import (
    VersionError,
    create_version_from_record,
    publish_version,
    refresh_draft,
    start_new_draft,
    withdraw_procedure,
)

__all__ = [
    "ImportReport",
    "ProcessError",
    "StepInput",
    "VersionError",
    "attach_procedures_to_agencies",
    "budget_problems",
    "confirm_fees",
    "create_version_from_record",
    "import_catalog",
    "publish_version",
    "refresh_draft",
    "save_process",
    "start_new_draft",
    "withdraw_procedure",
]
