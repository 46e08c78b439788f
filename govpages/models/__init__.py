from .catalog import (
    DisclosureAttachment,
    DisclosureCatalogPage,
    DisclosureItemPage,
    IndexNumberCounter,
)
from .column import DisclosureColumnPage
from .department import DepartmentPage, owning_department
from .interpretation import InterpretationDocument, PolicyInterpretationPage
from .site_settings import DisclosureColumnSettings, GovSiteSettings
from .vocabularies import DocumentGenre, Organisation, ServiceAudience, TopicCategory

__all__ = [
    "DepartmentPage",
    "DisclosureColumnPage",
    "DisclosureColumnSettings",
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
