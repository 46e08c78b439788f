"""Demo departments, each with one editor and one reviewer, and a portal administrator.

Every account's password is DEMO_PASSWORD; README.md lists the accounts.
"""

from django.contrib.auth import get_user_model

from govpages.departments.provisioning import (
    DepartmentSpec,
    ensure_portal_admin_group,
    provision_department,
)

DEMO_PASSWORD = "govpages-demo"
PORTAL_ADMIN = {"username": "portal_admin", "name": "门户管理员", "email": "portal@example.gov.cn"}

DEPARTMENTS = [
    {
        "org_code": "11399000MB0000011A",
        "name": "示范市人民政府办公室",
        "short_name": "市政府办公室",
        "slug": "zfb",
        "address": "示范市人民路1号市政府大楼3楼",
        "office_hours": "工作日 上午9:00—12:00，下午13:30—17:30",
        "phone": "0399-12345001",
        "fax": "0399-12345002",
        "email": "zfb@example.gov.cn",
        "responsibilities": [
            "负责市政府会议的组织工作，协助市政府领导同志组织落实会议决定事项。",
            "负责起草或审核以市政府、市政府办公室名义发布的公文，协助处理市政府日常工作。",
            "督促检查市政府各部门和各县（区）政府对市政府公文、会议决定事项的贯彻落实情况。",
            "负责全市政务公开工作的组织协调、指导推进和监督检查，主管市政府门户网站。",
            "承办市政府领导同志交办的其他事项。",
        ],
        "staff": [
            ("zfb_bianji", "王晓燕", "editor"),
            ("zfb_shenhe", "陈建国", "reviewer"),
        ],
    },
    {
        "org_code": "11399000MB0000022B",
        "name": "示范市财政局",
        "short_name": "市财政局",
        "slug": "czj",
        "address": "示范市建设大街68号",
        "office_hours": "工作日 上午8:30—12:00，下午14:00—17:30",
        "phone": "0399-12346001",
        "fax": "0399-12346002",
        "email": "czj@example.gov.cn",
        "responsibilities": [
            "贯彻执行国家财税方针政策和法律法规，拟订全市财政发展规划和政策措施。",
            "负责管理市级一般公共预算、政府性基金预算、国有资本经营预算，组织编制市级预决算草案。",
            "负责政府非税收入管理，按规定管理行政事业性收费和政府性基金。",
            "负责市级国库集中收付、政府采购监督管理和政府债务管理工作。",
            "组织推进预决算公开，指导全市预算单位做好预决算信息公开工作。",
        ],
        "staff": [
            ("czj_bianji", "李明", "editor"),
            ("czj_shenhe", "赵丽华", "reviewer"),
        ],
    },
    {
        "org_code": "11399000MB0000033C",
        "name": "示范市教育局",
        "short_name": "市教育局",
        "slug": "jyj",
        "address": "示范市文化路25号",
        "office_hours": "工作日 上午8:30—12:00，下午14:00—17:30",
        "phone": "0399-12347001",
        "fax": "0399-12347002",
        "email": "jyj@example.gov.cn",
        "website": "https://jyj.example.gov.cn/",
        "responsibilities": [
            "贯彻落实国家和省教育方针政策，拟订全市教育改革与发展规划并组织实施。",
            "统筹管理全市各级各类教育，推进义务教育均衡发展和城乡教育一体化。",
            "负责全市中小学招生考试管理，组织实施义务教育阶段入学政策。",
            "负责学校安全、学生资助和校外培训监督管理工作。",
            "做好招生入学、学生资助、收费项目等重点领域信息公开工作。",
        ],
        "staff": [
            ("jyj_bianji", "孙悦", "editor"),
            ("jyj_shenhe", "周志强", "reviewer"),
        ],
    },
    {
        "org_code": "11399000MB0000044D",
        "name": "示范市城东区人民路街道办事处",
        "short_name": "人民路街道办事处",
        "slug": "rmljd",
        "address": "示范市城东区人民路208号",
        "office_hours": "工作日 上午8:30—12:00，下午14:00—17:30（便民服务大厅周六上午值班）",
        "phone": "0399-12348001",
        "fax": "0399-12348002",
        "email": "rmljd@example.gov.cn",
        "responsibilities": [
            "加强基层党建，统筹辖区发展，组织实施辖区内与居民生活密切相关的公共服务事项。",
            "负责辖区社会保障、就业服务、养老服务、退役军人服务等民生工作。",
            "组织开展辖区环境卫生、市容秩序、安全生产和防灾减灾工作。",
            "指导社区居民委员会建设，推进居务公开和社区治理。",
            "做好辖区内便民服务事项和惠民补贴的公开公示工作。",
        ],
        "staff": [
            ("rmljd_bianji", "刘芳", "editor"),
            ("rmljd_shenhe", "吴海涛", "reviewer"),
        ],
    },
]


def responsibilities_html(items):
    return "".join(f"<p>{number}. {item}</p>" for number, item in enumerate(items, 1))


def disclosure_guide_html(department):
    name = department["name"]
    return "".join(
        [
            "<h3>一、主动公开</h3>",
            f"<p>{name}依照《中华人民共和国政府信息公开条例》主动公开机构职能、政策文件、"
            "规划计划、财政预决算、行政执法、重点领域信息等政府信息。主动公开的政府信息通过"
            "本网站“政府信息公开”栏目、政府公报、新闻发布会以及政务服务大厅查阅点等途径公开。</p>",
            "<p>属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。"
            "法律、法规对公开期限另有规定的，从其规定。</p>",
            "<h3>二、依申请公开</h3>",
            f"<p>公民、法人或者其他组织可以向{name}申请获取相关政府信息。申请人可以通过本网站"
            "在线申请、信函、当面提交等方式提出申请，并填写《政府信息公开申请表》。"
            "申请内容应当包括申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、"
            "文号或者便于查询的其他特征性描述，以及获取信息的方式和途径。</p>",
            f"<p>受理机构：{name}政务公开工作机构；地址：{department['address']}；"
            f"电话：{department['phone']}；传真：{department['fax']}；"
            f"办公时间：{department['office_hours']}。</p>",
            "<p>能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；"
            "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过"
            "20个工作日。申请内容不明确的，在收到申请之日起7个工作日内一次性告知申请人补正。"
            "依申请提供政府信息，不收取费用；申请数量、频次明显超过合理范围的，可以依法收取信息处理费。</p>",
            "<h3>三、监督和救济</h3>",
            "<p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，"
            "可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
            "也可以依法申请行政复议或者提起行政诉讼。</p>",
        ]
    )


def spec_for(department):
    return DepartmentSpec(
        org_code=department["org_code"],
        name=department["name"],
        short_name=department["short_name"],
        slug=department["slug"],
        responsibilities=responsibilities_html(department["responsibilities"]),
        address=department["address"],
        office_hours=department["office_hours"],
        phone=department["phone"],
        fax=department["fax"],
        email=department["email"],
        website=department.get("website", ""),
        disclosure_guide=disclosure_guide_html(department),
    )


def ensure_user(username, name, email):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": name, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def load(context):
    departments = {}
    for department in DEPARTMENTS:
        page = provision_department(spec_for(department)).department
        departments[page.org_code] = page
        for username, name, role in department["staff"]:
            user = ensure_user(username, name, f"{username}@example.gov.cn")
            group = page.editors_group if role == "editor" else page.reviewers_group
            user.groups.add(group)
    portal_admin = ensure_user(**PORTAL_ADMIN)
    portal_admin.groups.add(ensure_portal_admin_group())
    context["departments"] = departments
    context["portal_admin_user"] = portal_admin
