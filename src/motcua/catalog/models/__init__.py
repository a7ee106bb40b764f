"""The procedure catalog (danh mục thủ tục hành chính): procedures and their versions (procedures.py), and who
handles them how: the agencies that receive them and their internal processes (handling.py)."""

from motcua.catalog.models.handling import (
    AgencyProcedure,
    Process,
    ProcessStep,
)
from motcua.catalog.models.procedures import (
    LIFECYCLE_FIELDS,
    Channel,
    ChannelFee,
    DeadlineUnit,
    FeeToConfirm,
    Field,
    LegalBasis,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureChannel,
    ProcedureVersion,
    RequiredDocument,
    VersionStatus,
)

__all__ = [
    "LIFECYCLE_FIELDS",
    "AgencyProcedure",
    "Channel",
    "ChannelFee",
    "DeadlineUnit",
    "FeeToConfirm",
    "Field",
    "LegalBasis",
    "Level",
    "OnlineLevel",
    "Procedure",
    "ProcedureChannel",
    "ProcedureVersion",
    "Process",
    "ProcessStep",
    "RequiredDocument",
    "VersionStatus",
]
