from django.contrib.auth import get_user_model
from wagtail.models import Collection, Page, Site

from govpages.models import GovSiteSettings
from portal.home.models import ContentPage, HomePage

DEMO_SUPERUSER = {"username": "admin", "password": "govpages-demo", "email": "admin@example.gov.cn"}
SITE_NAME = "示范市人民政府"


def home_body():
    return [
        {
            "type": "banner",
            "value": {
                "heading": "全面推进政务公开  建设人民满意的服务型政府",
                "text": "以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。",
                "image": None,
                "link_page": None,
            },
        },
        {
            "type": "search_box",
            "value": {"heading": "站内搜索", "placeholder": "请输入关键词，如：政务公开、预算"},
        },
        {"type": "latest_disclosures", "value": {"heading": "最新公开", "count": 8}},
        {"type": "upcoming_events", "value": {"heading": "近期活动", "count": 5}},
    ]


def ensure_home():
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=SITE_NAME, slug="portal-home", body=home_body())
        root.add_child(instance=home)
        home.save_revision().publish()
    return home


def ensure_site(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
        )
    elif site.root_page_id != home.pk or site.site_name != SITE_NAME:
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
    return site


def remove_wagtail_welcome_page(home):
    """Wagtail's initial migration creates a placeholder page; the demo home replaces it."""
    for page in Page.objects.filter(depth=2).exclude(pk=home.pk):
        if page.specific_class is Page:
            page.delete()


def ensure_settings(site):
    GovSiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "site_domain": "www.example.gov.cn",
            "site_id_code": "1399000001",
            "sponsor": "示范市人民政府办公室",
            "organizer": "示范市大数据中心",
            "icp_number": "示ICP备00000001号",
            "public_security_number": "示公网安备 00000000000001号",
            "contact_address": "示范市人民路1号",
            "postcode": "100000",
            "contact_phone": "010-12345678",
            "contact_email": "webmaster@example.gov.cn",
        },
    )


def ensure_about_page(home):
    if ContentPage.objects.child_of(home).filter(slug="about").exists():
        return
    about = ContentPage(
        title="网站介绍",
        slug="about",
        show_in_menus=True,
        body="<p>本网站是示范市人民政府的政务公开门户，集中发布市政府及各部门依法主动公开的政府信息。</p>",
    )
    home.add_child(instance=about)
    about.save_revision().publish()


# Names Wagtail's own migrations give in English, shown as they are in the Chinese admin.
WAGTAIL_DEFAULT_NAMES = {
    "groups": {"Editors": "全站编辑", "Moderators": "全站审核"},
    "workflows": {"Moderators approval": "全站审核流程"},
    "tasks": {"Moderators approval": "全站审核人审批"},
}


def rename_wagtail_defaults():
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    for model, key in ((Group, "groups"), (Workflow, "workflows"), (Task, "tasks")):
        for english, chinese in WAGTAIL_DEFAULT_NAMES[key].items():
            if not model.objects.filter(name=chinese).exists():
                model.objects.filter(name=english).update(name=chinese)
    Page.objects.filter(depth=1, draft_title="Root").update(
        title="全部站点", draft_title="全部站点"
    )
    Collection.objects.filter(depth=1, name="Root").update(name="全部文件")


def ensure_superuser():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_SUPERUSER["username"],
        defaults={"email": DEMO_SUPERUSER["email"], "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(DEMO_SUPERUSER["password"])
        user.save()
    return user


def load(context):
    home = ensure_home()
    remove_wagtail_welcome_page(home)
    site = ensure_site(home)
    ensure_settings(site)
    ensure_about_page(home)
    ensure_superuser()
    rename_wagtail_defaults()
    context.update(home=home, site=site)
