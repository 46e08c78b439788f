from django.db import migrations

EVENT_TYPES = [
    ("政务公开日", "zhengwu-gongkai-ri"),
    ("政府开放日", "zhengfu-kaifang-ri"),
    ("新闻发布会", "xinwen-fabuhui"),
    ("座谈会", "zuotanhui"),
    ("在线访谈", "zaixian-fangtan"),
    ("政策吹风会", "zhengce-chuifenghui"),
    ("公众参与活动", "gongzhong-canyu"),
]

ACTIVITY_FORMS = ["展板", "咨询台", "宣传资料", "现场解答", "座谈", "参观", "问卷", "线上"]


def seed(apps, schema_editor):
    EventType = apps.get_model("govpages_events", "EventType")
    ActivityForm = apps.get_model("govpages_events", "ActivityForm")
    for order, (name, slug) in enumerate(EVENT_TYPES, start=1):
        EventType.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for order, name in enumerate(ACTIVITY_FORMS, start=1):
        ActivityForm.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("govpages_events", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
