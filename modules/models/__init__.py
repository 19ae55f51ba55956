"""Models of the course modules app, split by concern and re-exported here."""

from .approval import PartnerApproval, PartnerApprovalTask, PartnerApprovalTaskState
from .coauthor import Coauthor
from .pages import (
    BIP_MIN_CREDITS,
    CourseModulePage,
    CourseModuleTag,
    EnrolmentState,
    FundingCheck,
    Mode,
    ModuleIndexPage,
    ModuleSession,
    ModuleTeacher,
    SessionKind,
    WorkingLanguage,
    new_invitation_code,
    partners_by_module,
)

__all__ = [
    "BIP_MIN_CREDITS",
    "Coauthor",
    "CourseModulePage",
    "CourseModuleTag",
    "EnrolmentState",
    "FundingCheck",
    "Mode",
    "ModuleIndexPage",
    "ModuleSession",
    "ModuleTeacher",
    "PartnerApproval",
    "PartnerApprovalTask",
    "PartnerApprovalTaskState",
    "SessionKind",
    "WorkingLanguage",
    "new_invitation_code",
    "partners_by_module",
]
