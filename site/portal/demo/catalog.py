"""Demo disclosure catalogs: one at portal level and one per department, with items written for
the demo and a policy interpretation each. Runs after the departments step; with no department
in the database only the portal-level catalog is made."""

import datetime

from govpages.models import (
    DepartmentPage,
    DisclosureCatalogPage,
    DisclosureItemPage,
    DocumentGenre,
    InterpretationDocument,
    Organisation,
    PolicyInterpretationPage,
    ServiceAudience,
    TopicCategory,
)

CATALOG_SLUG = "xxgkml"
INTERPRETATION_SLUG = "zcjd"
PORTAL_ORG_CODE = "113990000"


def department_items(name):
    return [
        {
            "slug": "bmys-2025",
            "title": f"{name}2025年部门预算公开说明",
            "summary": f"公开{name}2025年部门收支预算总表、财政拨款支出预算表及“三公”经费预算。",
            "body": (
                f"<p>根据预算法和政府信息公开条例的规定，现将{name}2025年部门预算公开如下。</p>"
                "<p>一、部门主要职责与机构设置情况。</p>"
                "<p>二、收支预算总体情况：收入、支出预算均按照量入为出、收支平衡的原则编制。</p>"
                "<p>三、“三公”经费预算较上年有所下降，严格控制一般性支出。</p>"
            ),
            "genre": "报告",
            "topic": ("财政、金融、审计", "财政"),
            "doc_number": "",
            "date": datetime.date(2025, 2, 10),
            "keywords": "部门预算 三公经费",
        },
        {
            "slug": "qzqd-2024",
            "title": f"{name}关于公布权责清单的通知",
            "summary": f"公布{name}行政权力事项和对应责任事项，接受社会监督。",
            "body": (
                "<p>各有关单位：</p>"
                f"<p>为推进权力运行公开透明，经审核，现将{name}权责清单予以公布，"
                "清单实行动态调整。</p><p>特此通知。</p>"
            ),
            "genre": "通知",
            "topic": ("综合政务", "政务公开"),
            "doc_number": "示政公〔2024〕12号",
            "date": datetime.date(2024, 6, 18),
            "keywords": "权责清单 政务公开",
            "interpretation": True,
        },
        {
            "slug": "xxgk-2023",
            "title": f"{name}2023年政府信息公开工作年度报告",
            "summary": "报告主动公开、依申请公开、行政复议和诉讼情况以及存在的问题和改进措施。",
            "body": (
                "<p>本报告依据《中华人民共和国政府信息公开条例》编制，"
                "所列数据统计期限为2023年1月1日至12月31日。</p>"
                "<p>一、总体情况。二、主动公开政府信息情况。三、收到和处理政府信息公开申请情况。"
                "四、政府信息公开行政复议、行政诉讼情况。五、存在的主要问题及改进情况。</p>"
            ),
            "genre": "报告",
            "topic": ("综合政务", "政务公开"),
            "doc_number": "",
            "date": datetime.date(2024, 1, 25),
            "keywords": "年度报告 政府信息公开",
        },
    ]


PORTAL_ITEMS = [
    {
        "slug": "zwgk-yaodian-2025",
        "title": "示范市2025年政务公开工作要点",
        "summary": "部署全年以公开促落实、强监管、防风险的重点任务。",
        "body": (
            "<p>各区人民政府，市政府各部门：</p>"
            "<p>为深入贯彻落实政府信息公开条例，现将2025年政务公开工作要点印发给你们，"
            "请结合实际认真贯彻执行。</p>"
            "<p>一、加强政策公开解读。二、推进重点领域信息公开。三、提升政务公开平台建设水平。</p>"
        ),
        "genre": "通知",
        "topic": ("综合政务", "政务公开"),
        "doc_number": "示政办发〔2025〕3号",
        "date": datetime.date(2025, 3, 20),
        "keywords": "政务公开 工作要点",
        "interpretation": True,
    },
    {
        "slug": "gfxwj-qingli-2024",
        "title": "示范市人民政府关于废止部分行政规范性文件的决定",
        "summary": "经清理，决定废止与上位法不一致或已不适应实际情况的行政规范性文件。",
        "body": "<p>经市政府同意，决定废止本决定附件所列行政规范性文件，自公布之日起生效。</p>",
        "genre": "决定",
        "topic": ("综合政务", "其他"),
        "doc_number": "示政发〔2024〕20号",
        "date": datetime.date(2024, 11, 5),
        "keywords": "规范性文件 清理",
    },
]


def ensure_catalog(parent, title, org_code=""):
    catalog = DisclosureCatalogPage.objects.child_of(parent).filter(slug=CATALOG_SLUG).first()
    if catalog is None:
        catalog = DisclosureCatalogPage(
            title=title,
            slug=CATALOG_SLUG,
            org_code=org_code,
            show_in_menus=True,  # listed in the site map under its department
            intro="<p>按照《中华人民共和国政府信息公开条例》编制，列明主动公开的政府信息，"
            "可按主题、体裁、年份、发布机构和有效性筛选。</p>",
        )
        parent.add_child(instance=catalog)
        catalog.save_revision().publish()
    return catalog


def ensure_item(catalog, spec, organisation):
    item = DisclosureItemPage.objects.child_of(catalog).filter(slug=spec["slug"]).first()
    if item is not None:
        return item
    root_name, child_name = spec["topic"]
    item = DisclosureItemPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        body=spec["body"],
        doc_number=spec["doc_number"],
        document_date=spec["date"],
        publication_date=spec["date"],
        keywords=spec["keywords"],
        genre=DocumentGenre.objects.get(name=spec["genre"]),
        audience=ServiceAudience.objects.filter(name="社会公众").first(),
        topic=TopicCategory.objects.get(name=child_name, parent__name=root_name),
        live=False,
    )
    catalog.add_child(instance=item)
    item.issuers.set([organisation])
    item.save_revision().publish()
    return item


def ensure_interpretation(parent, item, interpreter):
    if PolicyInterpretationPage.objects.child_of(parent).filter(slug=INTERPRETATION_SLUG).exists():
        return
    interpretation = PolicyInterpretationPage(
        title=f"《{item.title}》政策解读",
        slug=INTERPRETATION_SLUG,
        interpretation_type=PolicyInterpretationPage.InterpretationType.QA,
        publication_date=item.publication_date,
        interpreter=interpreter,
        summary="以问答形式说明文件出台背景、主要内容和落实举措。",
        body=(
            "<p><strong>问：文件出台的背景是什么？</strong></p>"
            "<p>答：为贯彻落实政府信息公开条例，回应社会关切，进一步规范公开工作。</p>"
            "<p><strong>问：主要内容有哪些？</strong></p>"
            "<p>答：明确公开范围、公开方式和责任分工，并对监督检查作出规定。</p>"
            "<p><strong>问：群众如何获取相关信息？</strong></p>"
            "<p>答：可通过本网站信息公开目录、政务服务大厅查阅点查询，也可依法提出申请。</p>"
        ),
        live=False,
    )
    parent.add_child(instance=interpretation)
    interpretation.explained_documents.add(InterpretationDocument(document=item))
    interpretation.save_revision().publish()


def departments(context):
    """The departments step's pages (a dict by org_code), else whatever departments exist."""
    listed = context.get("departments")
    if listed:
        pages = listed.values() if isinstance(listed, dict) else listed
        return sorted((page.specific for page in pages), key=lambda page: page.path)
    return list(DepartmentPage.objects.descendant_of(context["home"]).order_by("path"))


def load(context):
    home = context["home"]
    government, _ = Organisation.objects.get_or_create(
        name="示范市人民政府", defaults={"org_code": PORTAL_ORG_CODE}
    )
    portal_catalog = ensure_catalog(home, "政府信息公开目录", org_code=PORTAL_ORG_CODE)
    portal_items = [ensure_item(portal_catalog, spec, government) for spec in PORTAL_ITEMS]
    ensure_interpretation(home, portal_items[0], "示范市人民政府办公室")
    catalogs = {"portal": portal_catalog}
    for department in departments(context):
        organisation, _ = Organisation.objects.get_or_create(
            name=department.title,
            defaults={"org_code": department.org_code, "department": department},
        )
        catalog = ensure_catalog(department, "信息公开目录")
        specs = department_items(department.display_name)
        items = [ensure_item(catalog, spec, organisation) for spec in specs]
        explained = next(i for i, s in zip(items, specs, strict=True) if s.get("interpretation"))
        ensure_interpretation(department, explained, department.display_name)
        catalogs[department.slug] = catalog
    context["disclosure_catalogs"] = catalogs
