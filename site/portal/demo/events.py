"""Demo events: the 活动 section with a 5·15 政务公开日 (announcement and summary), a monthly
政府开放日, and an online interview with answered and pending questions; and two departments'
own 活动 pages (市财政局, 市教育局), each with a session whose questions its staff answer. The
portal's 活动 page lists the departments' sessions too."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from govpages_events.models import (
    ActivityForm,
    EventIndexPage,
    EventMaterial,
    EventOccurrence,
    EventOnlineChannel,
    EventPage,
    EventType,
    EventVenue,
    ForumSessionPage,
    PanelMember,
    Question,
)

TZ = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime.datetime(*args, tzinfo=TZ)


def ensure_index(home):
    index = EventIndexPage.objects.child_of(home).filter(slug="events").first()
    if index is None:
        index = EventIndexPage(
            title="活动",
            slug="events",
            show_in_menus=True,
            intro="<p>政务公开日、政府开放日、新闻发布会和在线访谈等活动的预告、报道与总结。"
            "欢迎市民报名参加，也可在访谈页面在线提问。</p>",
            search_description="示范市政务公开活动：活动预告、活动日历与年度总结",
            lists_whole_site=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def disclosure_day(index):
    event = EventPage.objects.child_of(index).filter(slug="2026-zhengwu-gongkai-ri").first()
    if event is not None:
        return event
    event = EventPage(
        title="2026年“5·15政务公开日”主题活动",
        slug="2026-zhengwu-gongkai-ri",
        event_type=EventType.objects.get(name="政务公开日"),
        edition=8,
        theme="公开促落实 服务惠民生",
        organiser_name="示范市人民政府办公室",
        search_description="示范市第八届政务公开日活动公告与活动总结",
        announcement=(
            "<p>为纪念《中华人民共和国政府信息公开条例》修订施行，市政府办公室定于5月15日在"
            "市民服务中心举办第八届“5·15政务公开日”主题活动，现将有关事项公告如下。</p>"
            "<p>活动设政策咨询台、政务公开展板和政策解读在线访谈，市财政局、市教育局、"
            "市人力资源社会保障局等12个部门派员现场解答群众咨询。</p>"
        ),
        registration=EventPage.REGISTRATION_NONE,
        notes="<p>请自觉遵守现场秩序；需要咨询个人事项的群众请携带相关材料。</p>",
        summary=(
            "<p>5月15日，市政府办公室在市民服务中心和政务服务网同步举办“5·15政务公开日”活动。"
            "12个部门设立咨询台，现场发放政策汇编和办事指南，并通过在线访谈解读年度重点政策。</p>"
        ),
        staff_count=46,
        consultation_desks=12,
        display_boards=30,
        people_received=1260,
        questions_answered=385,
        onsite_answer_rate=98,
        satisfaction=100,
        issue_areas="社会保障\n义务教育入学\n住房公积金\n不动产登记",
        highlights="<p>首次设立“政策找人”服务专区，工作人员根据群众情况主动推送适用政策。</p>",
        improvements=(
            "<p>群众建议增加周末咨询时段。市政府办公室已将政府开放日调整为每月第三个星期六，"
            "并在政务服务网开设常态化咨询专栏。</p>"
        ),
    )
    event.occurrences = [
        EventOccurrence(start=at(2026, 5, 15, 9, 0), end=at(2026, 5, 15, 17, 0)),
    ]
    event.venues = [
        EventVenue(name="市民服务中心一楼大厅", address="示范市人民路1号"),
        EventVenue(name="新华广场", address="示范市中山路88号"),
    ]
    event.online_channels = [
        EventOnlineChannel(
            platform="示范市政务服务网", url="https://www.example.gov.cn/", note="在线访谈直播"
        ),
    ]
    event.materials = [
        EventMaterial(kind="政策汇编", count=2000),
        EventMaterial(kind="办事指南", count=3500),
        EventMaterial(kind="宣传折页", count=5000),
    ]
    index.add_child(instance=event)
    event.activity_forms.set(
        ActivityForm.objects.filter(name__in=["展板", "咨询台", "宣传资料", "现场解答", "线上"])
    )
    event.save_revision().publish()
    return event


def open_day(index):
    event = EventPage.objects.child_of(index).filter(slug="zhengfu-kaifang-ri").first()
    if event is not None:
        return event
    event = EventPage(
        title="政府开放日：走进市政务服务中心",
        slug="zhengfu-kaifang-ri",
        event_type=EventType.objects.get(name="政府开放日"),
        theme="看得见的政务服务",
        organiser_name="示范市政务服务管理局",
        search_description="每月第三个星期六上午，市民可报名参观市政务服务中心",
        announcement=(
            "<p>每月第三个星期六上午，市政务服务中心向市民开放。参观内容包括“一窗通办”服务区、"
            "12345热线受理中心和数据共享平台演示，并安排座谈交流。</p>"
        ),
        registration=EventPage.REGISTRATION_REQUIRED,
        capacity=30,
        registration_details="拨打 010-12345678 或在政务服务网“政府开放日”栏目报名，额满为止。",
        notes="<p>请携带身份证件，提前15分钟到达一楼服务台签到。春节所在月份暂停一次。</p>",
    )
    event.occurrences = [
        EventOccurrence(
            start=at(2026, 9, 19, 9, 30),
            end=at(2026, 9, 19, 11, 30),
            rrule="FREQ=MONTHLY;BYDAY=3SA",
            exdates="2027-02-20",
        )
    ]
    event.venues = [EventVenue(name="示范市政务服务中心", address="示范市建设大道66号")]
    index.add_child(instance=event)
    event.activity_forms.set(ActivityForm.objects.filter(name__in=["参观", "座谈"]))
    event.save_revision().publish()
    return event


QUESTIONS = [
    {
        "asker_type": Question.MEDIA,
        "asker_name": "示范日报记者",
        "text": "今年市级部门在主动公开方面有哪些新举措？",
        "answering_organisation": "市政府办公室",
        "answer": "今年起各部门的行政规范性文件统一在政府信息公开目录集中发布，"
        "并同步发布政策解读。",
        "answered_live": True,
        "published": True,
    },
    {
        "asker_type": Question.NETIZEN,
        "asker_name": "李先生",
        "text": "依申请公开一般多长时间能收到答复？",
        "answering_organisation": "市政府办公室",
        "answer": "按照条例规定，能够当场答复的当场答复；不能当场答复的，"
        "自收到申请之日起20个工作日内答复，需要延长的，延长期限最长不超过20个工作日。",
        "answered_live": False,
        "published": True,
        "answered_at": at(2026, 5, 19, 10, 0),
    },
    {
        "asker_type": Question.CITIZEN,
        "asker_name": "",
        "text": "小区旁边的道路改造工程什么时候公示施工计划？",
        "answering_organisation": "市住房城乡建设局",
        "answer": "",
        "answered_live": False,
        "published": True,
    },
    {
        "asker_type": Question.NETIZEN,
        "asker_name": "王女士",
        "contact": "wang@example.com",
        "text": "能否在政务服务网公开各区公办幼儿园的招生计划？",
        "answer": "",
        "answered_live": False,
        "published": False,
    },
]


def interview(event):
    session = ForumSessionPage.objects.child_of(event).filter(slug="zaixian-fangtan").first()
    if session is None:
        session = ForumSessionPage(
            title="政务公开日在线访谈：读懂政府信息公开",
            slug="zaixian-fangtan",
            kind=ForumSessionPage.INTERVIEW,
            start=at(2026, 5, 15, 14, 30),
            end=at(2026, 5, 15, 16, 0),
            venue="市政务服务网访谈室",
            host="示范市人民政府办公室",
            moderator="示范广播电视台主持人 陈晨",
            citizen_representatives=15,
            media_count=6,
            introduction="<p>市政府办公室负责人做客访谈室，介绍政府信息公开工作，回答市民和网友提问。</p>",
            agenda="<ol><li>嘉宾介绍年度政务公开工作</li><li>回答现场提问</li><li>回答网友留言</li></ol>",
            transcript=(
                "<p><b>主持人：</b>各位网友下午好，欢迎收看政务公开日在线访谈。</p>"
                "<p><b>赵明：</b>今年我们重点做好规范性文件集中公开和政策解读，"
                "让群众看得到、听得懂、能监督。</p>"
            ),
            video_url="https://www.example.gov.cn/video/2026-0515.mp4",
        )
        session.panel = [
            PanelMember(name="赵明", post="副主任", organisation="市政府办公室"),
            PanelMember(name="孙丽", post="科长", organisation="市政府办公室政务公开科"),
        ]
        event.add_child(instance=session)
        session.save_revision().publish()
    for values in QUESTIONS:
        defaults = {key: value for key, value in values.items() if key != "text"}
        defaults["created_at"] = at(2026, 5, 15, 15, 0)
        Question.objects.get_or_create(session=session, text=values["text"], defaults=defaults)
    return session


# The departments' sessions are dated from the day the demo is loaded, so that its questions are
# overdue, due soon and open for questions whenever it is looked at.
DEPARTMENT_SESSIONS = {
    "11399000MB0000022B": {  # 市财政局: held twelve days ago, questions closed, one overdue
        "slug": "yusuan-gongkai-fangtan",
        "title": "市级部门预算公开在线访谈",
        "days_from_today": -12,
        "host": "示范市财政局",
        "introduction": "<p>市财政局负责人介绍本年度市级部门预算公开情况，回答网友关于"
        "“三公”经费、政府采购和预算绩效的提问。</p>",
        "panel": [("李红", "副局长", "市财政局"), ("周涛", "科长", "市财政局预算科")],
        "questions": [
            {
                "asker_type": Question.NETIZEN,
                "asker_name": "刘先生",
                "text": "部门预算公开表格中的“三公”经费为什么比上年减少？",
                "published": True,
                "received_days_from_today": -12,
            },
            {
                "asker_type": Question.NETIZEN,
                "asker_name": "",
                "contact": "13900000001",
                "text": "政府采购意向在哪个栏目公开？",
                "published": False,
                "received_days_from_today": -1,
            },
            {
                "asker_type": Question.MEDIA,
                "asker_name": "示范日报记者",
                "text": "预算绩效目标会不会向社会公开？",
                "answering_organisation": "市财政局",
                "answer": "重点项目的绩效目标随部门预算一并公开，年度结束后公开绩效自评结果。",
                "answered_live": True,
                "published": True,
                "received_days_from_today": -12,
            },
        ],
    },
    "11399000MB0000033C": {  # 市教育局: next week, taking questions until it starts
        "slug": "ruxue-zhengce-fangtan",
        "title": "义务教育招生入学政策解读在线访谈",
        "days_from_today": 8,
        "host": "示范市教育局",
        "introduction": "<p>市教育局解读今年义务教育阶段招生入学政策，欢迎家长提前在线提问。</p>",
        "panel": [("孙悦", "处长", "市教育局基础教育处")],
        "questions": [
            {
                "asker_type": Question.NETIZEN,
                "asker_name": "张女士",
                "text": "随迁子女入学需要准备哪些材料？",
                "published": True,
                "received_days_from_today": -2,
            },
            {
                "asker_type": Question.NETIZEN,
                "asker_name": "",
                "contact": "parent@example.com",
                "text": "学区划分调整会提前多久公布？",
                "published": False,
                "received_days_from_today": -1,
            },
        ],
    },
}


def department_index(department):
    index = EventIndexPage.objects.child_of(department).filter(slug="events").first()
    if index is None:
        index = EventIndexPage(
            title="活动",
            slug="events",
            intro=f"<p>{department.title}举办的在线访谈、政策解读会和政府开放日活动。</p>",
        )
        department.add_child(instance=index)
        index.save_revision().publish()
    return index


def department_session(index, spec):
    session = ForumSessionPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if session is not None:
        return session
    today = timezone.localdate()
    day = today + datetime.timedelta(days=spec["days_from_today"])
    start = at(day.year, day.month, day.day, 15, 0)
    session = ForumSessionPage(
        title=spec["title"],
        slug=spec["slug"],
        kind=ForumSessionPage.INTERVIEW,
        start=start,
        end=start + datetime.timedelta(hours=1, minutes=30),
        venue="市政务服务网访谈室",
        host=spec["host"],
        introduction=spec["introduction"],
        questions_close_at=start,
    )
    session.panel = [
        PanelMember(name=name, post=post, organisation=organisation)
        for name, post, organisation in spec["panel"]
    ]
    index.add_child(instance=session)
    session.save_revision().publish()
    for values in spec["questions"]:
        fields = {key: value for key, value in values.items() if key != "received_days_from_today"}
        received = today + datetime.timedelta(days=values["received_days_from_today"])
        fields["created_at"] = at(received.year, received.month, received.day, 10, 0)
        fields["submitted_online"] = values["asker_type"] == Question.NETIZEN
        Question.objects.create(session=session, **fields)
    return session


def department_events(departments):
    for org_code, spec in DEPARTMENT_SESSIONS.items():
        department_session(department_index(departments[org_code]), spec)


def load(context):
    index = ensure_index(context["home"])
    if not index.lists_whole_site:
        index.lists_whole_site = True
        index.save_revision().publish()
    day = disclosure_day(index)
    open_day(index)
    interview(day)
    department_events(context["departments"])
    context["events_index"] = index
