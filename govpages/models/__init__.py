from .catalog import (
    DisclosureAttachment,
    DisclosureCatalogPage,
    DisclosureItemPage,
    IndexNumberCounter,
)
from .department import DepartmentPage, owning_department
from .interpretation import InterpretationDocument, PolicyInterpretationPage
from .site_settings import GovSiteSettings
from .vocabularies import DocumentGenre, Organisation, ServiceAudience, TopicCategory

__all__ = [
    "DepartmentPage",
    "DisclosureAttachment",
    "DisclosureCatalogPage",
    "DisclosureItemPage",
    "DocumentGenre",
    "GovSiteSettings",
    "IndexNumberCounter",
    "InterpretationDocument",
    "Organisation",
    "PolicyInterpretationPage",
    "ServiceAudience",
    "TopicCategory",
    "owning_department",
]
