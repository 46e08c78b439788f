"""Default terms for the catalog vocabularies; editors change them as snippets afterwards."""

from django.db import migrations

GENRES = [
    "法律",
    "行政法规",
    "地方性法规",
    "自治条例和单行条例",
    "部门规章",
    "地方政府规章",
    "规章",
    "司法解释",
    "行政规范性文件",
    "其他文件",
    "决定",
    "命令",
    "意见",
    "通知",
    "通告",
    "公告",
    "通报",
    "批复",
    "报告",
    "政府工作报告",
    "人大决议",
    "规划",
    "方案",
    "函",
    "纪要",
]

AUDIENCES = ["公民", "法人", "其他组织", "公务员", "社会公众"]

TOPICS = {
    "综合政务": ["政务公开", "政务督查", "应急管理", "电子政务", "其他"],
    "国民经济管理、国有资产监管": ["发展规划", "经济运行", "国有资产监管"],
    "财政、金融、审计": ["财政", "税务", "审计", "金融"],
    "国土资源、能源": ["土地", "矿产", "能源"],
    "农业、林业、水利": ["农业、农村", "林业", "水利"],
    "工业、交通": ["工业", "交通", "信息产业"],
    "商贸、海关、旅游": ["商贸", "海关", "旅游"],
    "城乡建设、环境保护": ["城乡建设", "住房保障", "环境保护", "节能与资源综合利用"],
    "科技、教育": ["科技", "教育", "知识产权"],
    "文化、广电、新闻出版": ["文化", "广播电视", "新闻出版"],
    "卫生、体育": ["卫生", "医药管理", "体育"],
    "人口与计划生育、妇女儿童工作": ["人口与计划生育", "妇女儿童"],
    "劳动、人事、监察": ["就业", "社会保障", "人事工作", "监察"],
    "公安、安全、司法": ["公安", "安全生产监管", "司法"],
    "民政、扶贫、救灾": ["社会福利", "减灾救灾", "扶贫", "社区建设"],
    "市场监管": ["市场监管", "食品药品监管", "质量监督"],
    "政府机构与人事": ["机构设置", "任免信息"],
}


def seed(apps, schema_editor):
    DocumentGenre = apps.get_model("govpages", "DocumentGenre")
    ServiceAudience = apps.get_model("govpages", "ServiceAudience")
    TopicCategory = apps.get_model("govpages", "TopicCategory")
    for order, name in enumerate(GENRES):
        DocumentGenre.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(AUDIENCES):
        ServiceAudience.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, children) in enumerate(TOPICS.items()):
        root, _ = TopicCategory.objects.get_or_create(
            name=name, parent=None, defaults={"sort_order": order}
        )
        for child_order, child in enumerate(children):
            TopicCategory.objects.get_or_create(
                name=child, parent=root, defaults={"sort_order": child_order}
            )


class Migration(migrations.Migration):
    dependencies = [("govpages", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
