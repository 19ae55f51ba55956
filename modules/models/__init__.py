"""Models of the course modules app, split by concern and re-exported here.

The choices live in modules.choices; they are re-exported with the models that use them.
"""

from ..choices import EnrolmentState, Mode, SessionKind
from .approval import PartnerApproval, PartnerApprovalTask, PartnerApprovalTaskState
from .coauthor import Coauthor
from .pages import (
    CourseModulePage,
    CourseModuleTag,
    ModuleIndexPage,
    ModuleSession,
    WorkingLanguage,
    module_entries,
    new_invitation_code,
    partners_by_module,
)
from .teachers import ModuleTeacher

__all__ = [
    "Coauthor",
    "CourseModulePage",
    "CourseModuleTag",
    "EnrolmentState",
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
    "module_entries",
    "partners_by_module",
]
