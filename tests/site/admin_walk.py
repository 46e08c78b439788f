"""What an editor sees in the admin: the pages to walk and the English phrases left on them."""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Site, get_page_models

# Names and formats that stay as they are in a Chinese admin.
ALLOWED_WORDS = {
    "wagtail",
    "rss",
    "ical",
    "icalendar",
    "url",
    "urls",
    "api",
    "html",
    "json",
    "csv",
    "xlsx",
    "pdf",
    "atom",
    "id",
    "uid",
    "seo",
    "icp",
    "javascript",
    "tab",
    "enter",
    "esc",
    "ctrl",
    "cmd",
    "shift",
    "alt",
    "option",
    "utc",
    "svg",
    "png",
    "jpeg",
    "jpg",
    "gif",
    "webp",
    "avif",
    "heic",
    "ofd",
    "docx",
    "doc",
    "xls",
    "pptx",
    "odt",
    "rtf",
    "txt",
    "zip",
    "rrule",
    "exdate",
    "v3",
    "govpages",
    "bm25",
    "ai",
    "ip",
    "www",
    "gov",
    "cn",
    "example",
    "http",
    "https",
    "markdown",
    "draftail",
    "pinyin",
    "mb",
    "kb",
    "gb",
    "px",
    "yyyy",
    "mm",
    "dd",
    "hh",
    "rfc",
    "localhost",
}
# Whole phrases that are names or examples: Wagtail's slug example in the page editor.
ALLOWED_PHRASES = ["[my-work]"]
# Attributes whose text reaches people (screen readers, tooltips, empty fields).
SPOKEN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}
# Runs of Latin letters; tokens holding digits, dots, slashes, @ or underscores (paths, file
# names, e-mail addresses, user names, slugs written as URLs) are not phrases.
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
NOT_A_WORD = re.compile(r"[\w.+-]*[0-9/@_.:#=][\w./@:#=+-]*|\b[a-z]+(?:-[a-z]+)+\b")
# Elements nobody sees or hears until a script fills them in.
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class VisibleText(HTMLParser):
    SKIP = {"script", "style", "noscript", "svg", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in VOID:
            if not self.skipping and attributes.get("type") != "hidden":
                self.spoken(attributes)
            return
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true"
        if self.skipping or tag in self.SKIP or hidden:
            self.skipping += 1
            return
        self.spoken(attributes)

    def spoken(self, attributes):
        for name in SPOKEN_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])

    def handle_endtag(self, tag):
        if tag not in VOID and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def english_phrases(html, allowed_phrases=()):
    """Latin-letter words in the visible text and spoken attributes that are not allowed names
    (single letters, as in 排序（A → Z）, are not words)."""
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        for phrase in [*ALLOWED_PHRASES, *allowed_phrases]:
            text = text.replace(phrase, " ")
        text = NOT_A_WORD.sub(" ", text)
        words = [
            word
            for word in WORD.findall(text)
            if len(word) > 1 and word.lower().strip("'’") not in ALLOWED_WORDS
        ]
        if words:
            found.add(" ".join(text.split())[:120])
    return sorted(found)


def optional(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def editor_pages():
    """[(name, url)]: the admin pages an editor and the portal administrator use."""
    urls = [
        ("dashboard", reverse("wagtailadmin_home")),
        ("explorer root", reverse("wagtailadmin_explore_root")),
        ("account", reverse("wagtailadmin_account")),
        ("workflows", reverse("wagtailadmin_workflows:index")),
        ("workflow tasks", reverse("wagtailadmin_workflows:task_index")),
        ("documents", reverse("wagtaildocs:index")),
        ("documents upload", reverse("wagtaildocs:add_multiple")),
        ("images", reverse("wagtailimages:index")),
        ("images upload", reverse("wagtailimages:add_multiple")),
        ("users", reverse("wagtailusers_users:index")),
        ("groups", reverse("wagtailusers_groups:index")),
        ("collections", reverse("wagtailadmin_collections:index")),
        ("redirects", reverse("wagtailredirects:index")),
        ("search promotions", reverse("wagtailsearchpromotions:index")),
        ("report: locked pages", reverse("wagtailadmin_reports:locked_pages")),
        ("report: workflows", reverse("wagtailadmin_reports:workflow")),
        ("report: workflow tasks", reverse("wagtailadmin_reports:workflow_tasks")),
        ("report: site history", reverse("wagtailadmin_reports:site_history")),
        ("report: aging pages", reverse("wagtailadmin_reports:aging_pages")),
        ("report: page types", reverse("wagtailadmin_reports:page_types_usage")),
        ("search", reverse("wagtailadmin_pages:search") + "?q=预算"),
    ]
    for name in ("govpages_questions:index", "govpages_departments:index"):
        url = optional(name)
        if url:
            urls.append((name, url))
    if apps.is_installed("govpages_events"):
        question = apps.get_model("govpages_events", "Question").objects.order_by("pk").first()
        if question is not None:
            urls.append(("question edit", reverse("govpages_questions:edit", args=[question.pk])))
    for model in apps.get_models():
        meta = model._meta
        url = optional(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")
        if url:
            urls.append((f"snippets: {meta.verbose_name}", url))
            first = model._default_manager.order_by("pk").first()
            if first is not None:
                edit = reverse(
                    f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[first.pk]
                )
                urls.append((f"snippet edit: {meta.verbose_name}", edit))
        site = Site.objects.filter(is_default_site=True).first()
        url = optional("wagtailsettings:edit", meta.app_label, meta.model_name, site.pk)
        if url and hasattr(model, "for_site"):
            urls.append((f"settings: {meta.verbose_name}", url))
    for model, page in page_of_each_type():
        label = model._meta.verbose_name
        urls.append((f"edit: {label}", reverse("wagtailadmin_pages:edit", args=[page.pk])))
        urls.append((f"explorer: {label}", reverse("wagtailadmin_explore", args=[page.pk])))
        urls.append((f"history: {label}", reverse("wagtailadmin_pages:history", args=[page.pk])))
        if model.can_create_at(page.get_parent()) and model.can_exist_under(page.get_parent()):
            add = reverse(
                "wagtailadmin_pages:add",
                args=[model._meta.app_label, model._meta.model_name, page.get_parent().pk],
            )
            urls.append((f"add: {label}", add))
    return urls


def page_of_each_type():
    """[(model, first page of that type)] for every page model that has a page."""
    pairs = []
    for model in get_page_models():
        page = model.objects.order_by("path").first() if model is not Page else None
        if page is not None:
            pairs.append((model, page))
    return pairs


def department_editor_pages(department):
    """[(name, url)]: what a department's editor opens every day."""
    urls = [
        ("dashboard", reverse("wagtailadmin_home")),
        ("explorer: department", reverse("wagtailadmin_explore", args=[department.pk])),
        ("documents", reverse("wagtaildocs:index")),
        ("images", reverse("wagtailimages:index")),
    ]
    for page in department.get_descendants(inclusive=True).order_by("path")[:12]:
        urls.append((f"edit: {page.title}", reverse("wagtailadmin_pages:edit", args=[page.pk])))
    return urls


def data_names():
    """Names that are data, not interface: user names and the slugs of vocabulary snippets."""
    from django.contrib.auth import get_user_model
    from django.db.models import SlugField

    names = set(get_user_model().objects.values_list("username", flat=True))
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, SlugField) and not issubclass(model, Page):
                names.update(model._default_manager.values_list(field.name, flat=True))
    return sorted((name for name in names if name), key=len, reverse=True)
