"""The demo's 政府信息公开 column: its page (first in the main navigation), the guide, rules and
statutory-content pages, the 网站地图 and 联系我们 pages of the footer, and the site settings
that point at them. 年报 and 依申请公开 stay empty until those pages exist."""

from govpages.models import (
    DisclosureCatalogPage,
    DisclosureColumnPage,
    DisclosureColumnSettings,
    GovSiteSettings,
)
from portal.home.models import ContentPage, SitemapPage

COLUMN_SLUG = "xxgk"

GUIDE_BODY = (
    "<p>为保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，"
    "编制本指南。各部门的政府信息公开指南见其部门页面。</p>"
    "<h2>一、主动公开</h2><p>主动公开的政府信息通过本网站“政府信息公开”栏目发布，"
    "自信息形成或者变更之日起20个工作日内公开。</p>"
    "<h2>二、依申请公开</h2><p>公民、法人或者其他组织可以向有关行政机关申请获取政府信息，"
    "行政机关自收到申请之日起20个工作日内予以答复。</p>"
    "<h2>三、监督和救济</h2><p>认为行政机关在政府信息公开工作中侵犯其合法权益的，"
    "可以投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>"
)
RULES_BODY = (
    "<p>本市政府信息公开工作遵循以下法规和制度：</p><ul>"
    "<li>《中华人民共和国政府信息公开条例》（国务院令第711号）</li>"
    "<li>示范市政府信息公开保密审查制度</li>"
    "<li>示范市政府信息公开工作考核制度</li>"
    "<li>示范市政府信息发布协调制度</li></ul>"
)
STATUTORY_BODY = (
    "<p>依照《中华人民共和国政府信息公开条例》第二十条，行政机关应当主动公开下列政府信息：</p><ol>"
    "<li>行政法规、规章和规范性文件；</li><li>机关职能、机构设置、办公地址、办公时间、联系方式、"
    "负责人姓名；</li><li>国民经济和社会发展规划、专项规划、区域规划及相关政策；</li>"
    "<li>国民经济和社会发展统计信息；</li><li>办理行政许可和其他对外管理服务事项的依据、条件、"
    "程序以及办理结果；</li><li>实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有"
    "一定社会影响的行政处罚决定；</li><li>财政预算、决算信息；</li><li>行政事业性收费项目及其"
    "依据、标准；</li><li>政府集中采购项目的目录、标准及实施情况；</li><li>重大建设项目的批准和"
    "实施情况；</li><li>扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况；</li>"
    "<li>突发公共事件的应急预案、预警信息及应对情况；</li><li>环境保护、公共卫生、安全生产、"
    "食品药品、产品质量的监督检查情况；</li><li>公务员招考的职位、名额、报考条件等事项以及录用"
    "结果；</li><li>法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息。</li></ol>"
)
CONTACT_BODY = (
    "<p>示范市人民政府办公室（政务公开办公室）</p>"
    "<p>地址：示范市人民路1号　邮编：100000</p>"
    "<p>电话：010-12345678（工作日 9:00—17:00）</p>"
    "<p>电子邮箱：webmaster@example.gov.cn</p>"
)


def ensure_child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def ensure_home_block(home):
    home = home.specific
    if any(block.block_type == "disclosure_column" for block in home.body):
        return
    position = next(
        (i + 1 for i, block in enumerate(home.body) if block.block_type == "search_box"), 0
    )
    home.body.insert(position, ("disclosure_column", None))
    home.save_revision().publish()


def load(context):
    home = context["home"]
    column = ensure_child(
        home,
        DisclosureColumnPage,
        COLUMN_SLUG,
        title="政府信息公开",
        show_in_menus=True,
        intro="<p>依法主动公开的政府信息、各部门信息公开目录和公开指南。</p>",
    )
    in_menu = {"show_in_menus": True}  # the site map lists them under the column
    guide = ensure_child(
        column, ContentPage, "zn", title="政府信息公开指南", body=GUIDE_BODY, **in_menu
    )
    rules = ensure_child(
        column, ContentPage, "zd", title="政府信息公开制度", body=RULES_BODY, **in_menu
    )
    statutory = ensure_child(
        column, ContentPage, "fdzdgknr", title="法定主动公开内容", body=STATUTORY_BODY, **in_menu
    )
    sitemap = ensure_child(home, SitemapPage, "sitemap", title="网站地图")
    contact = ensure_child(home, ContentPage, "contact", title="联系我们", body=CONTACT_BODY)
    catalog = DisclosureCatalogPage.objects.child_of(home).order_by("path").first()
    DisclosureColumnSettings.objects.update_or_create(
        site=context["site"],
        defaults={
            "column_page": column,
            "guide_page": guide,
            "rules_page": rules,
            "statutory_page": statutory,
            "catalog_page": catalog,
        },
    )
    GovSiteSettings.objects.filter(site=context["site"]).update(
        sitemap_page=sitemap,
        contact_page=contact,
        error_report_url="https://zfwzzc.www.gov.cn/",
    )
    ensure_home_block(home)
