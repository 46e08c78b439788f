from .case import Case, CaseLogEntry, CasePause
from .pages import ApplicationFormPage, ApplicationStatusPage

__all__ = [
    "ApplicationFormPage",
    "ApplicationStatusPage",
    "Case",
    "CaseLogEntry",
    "CasePause",
]
