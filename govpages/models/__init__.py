from .department import DepartmentPage
from .site_settings import GovSiteSettings

__all__ = ["DepartmentPage", "GovSiteSettings"]
