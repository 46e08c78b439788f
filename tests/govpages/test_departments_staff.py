"""import_staff: creating and updating staff from CSV, and refusing bad files atomically."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from govpages.departments.provisioning import DepartmentSpec, provision_department

from .conftest import build_site

pytestmark = pytest.mark.django_db

HEADER = "username,name,email,department,role\n"


@pytest.fixture
def departments(db):
    build_site()
    finance = provision_department(
        DepartmentSpec(org_code="11399000MB0000022B", name="测试市财政局", short_name="市财政局")
    ).department
    education = provision_department(
        DepartmentSpec(org_code="11399000MB0000033C", name="测试市教育局")
    ).department
    return finance, education


def write_csv(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "staff.csv"
    path.write_bytes(text.encode(encoding))
    return path


def import_file(path):
    out = io.StringIO()
    call_command("govpages_import_staff", str(path), stdout=out)
    return out.getvalue()


def state():
    User = get_user_model()
    return sorted(
        (u.username, u.first_name, u.email, tuple(sorted(u.groups.values_list("name", flat=True))))
        for u in User.objects.all()
    )


def test_import_creates_users_in_their_department_groups(tmp_path, departments):
    finance, education = departments
    path = write_csv(
        tmp_path,
        HEADER + "zhangsan,张三,zs@example.gov.cn,11399000MB0000022B,编辑\n"
        "lisi,李四,ls@example.gov.cn,市财政局,审核\n"
        "wangwu,王五,ww@example.gov.cn,测试市教育局,reviewer\n",
    )
    assert import_file(path).startswith("3 staff: 3 created")
    User = get_user_model()
    zhangsan = User.objects.get(username="zhangsan")
    assert zhangsan.get_full_name() == "张三"
    assert list(zhangsan.groups.all()) == [finance.editors_group]
    assert not zhangsan.has_usable_password()
    assert list(User.objects.get(username="lisi").groups.all()) == [finance.reviewers_group]
    assert list(User.objects.get(username="wangwu").groups.all()) == [education.reviewers_group]
    assert zhangsan.has_perm("wagtailadmin.access_admin")


def test_import_twice_changes_nothing_and_updates_move_staff(tmp_path, departments):
    finance, education = departments
    User = get_user_model()
    other_group = User.groups.field.related_model.objects.create(name="外部组")
    path = write_csv(tmp_path, HEADER + "zhangsan,张三,zs@example.gov.cn,市财政局,editor\n")
    import_file(path)
    User.objects.get(username="zhangsan").groups.add(other_group)
    before = state()
    assert "1 unchanged" in import_file(path)
    assert state() == before

    path = write_csv(tmp_path, HEADER + "zhangsan,张三丰,zsf@example.gov.cn,测试市教育局,审核\n")
    assert "1 updated" in import_file(path)
    user = User.objects.get(username="zhangsan")
    assert (user.first_name, user.email) == ("张三丰", "zsf@example.gov.cn")
    # Moved from finance editors to education reviewers; groups outside departments stay.
    assert set(user.groups.all()) == {education.reviewers_group, other_group}


def test_import_reads_gb18030_files_from_spreadsheets(tmp_path, departments):
    path = write_csv(
        tmp_path, HEADER + "zhangsan,张三,zs@example.gov.cn,市财政局,编辑\n", encoding="gb18030"
    )
    import_file(path)
    assert get_user_model().objects.get(username="zhangsan").first_name == "张三"


GOOD_ROW = "good,好人,good@example.gov.cn,市财政局,编辑\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER + GOOD_ROW + "bad,坏人,bad@example.gov.cn,市审计局,编辑\n",
            "第 3 行：部门 市审计局 不存在",
        ),
        (
            HEADER + GOOD_ROW + "Good,又一个,g2@example.gov.cn,市财政局,审核\n",
            "第 3 行：用户名 Good 已在第 2 行出现",
        ),
        (
            HEADER + GOOD_ROW + "bad,坏人,not-an-email,市财政局,编辑\n",
            "第 3 行：电子邮箱 not-an-email 无效",
        ),
        (HEADER + GOOD_ROW + "bad,坏人,,市财政局,编辑\n", '第 3 行：电子邮箱 "" 无效'),
        (
            HEADER + GOOD_ROW + "bad,坏人,b@example.gov.cn,市财政局,局长\n",
            "第 3 行：角色 局长 不是以下之一",
        ),
        (
            HEADER + GOOD_ROW + "bad user!,坏人,b@example.gov.cn,市财政局,编辑\n",
            "第 3 行：用户名 bad user! 无效",
        ),
        (HEADER + GOOD_ROW + ",坏人,b@example.gov.cn,市财政局,编辑\n", "第 3 行：用户名为空"),
        (HEADER + GOOD_ROW + "bad,坏人,b@example.gov.cn\n", "第 3 行：应有 5 个字段，实际为 3 个"),
        ("username,name,department\n" + "x,y,市财政局\n", "缺少列：email, role"),
        ("", "文件为空"),
        (HEADER, "文件只有表头"),
        (HEADER + GOOD_ROW + 'bad,"坏人,b@example.gov.cn,市财政局,编辑\n', "不是有效的 CSV"),
    ],
)
def test_bad_files_name_the_row_and_write_nothing(tmp_path, departments, content, message):
    path = write_csv(tmp_path, content)
    before = state()
    with pytest.raises(CommandError) as error:
        import_file(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert state() == before


def test_binary_file_is_refused(tmp_path, departments):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"PK\x03\x04\xff\xfe\x00\x81\x30")
    with pytest.raises(CommandError, match="不是 UTF-8"):
        import_file(path)


def test_bad_file_exits_non_zero_with_one_line(tmp_path, departments, capsys):
    path = write_csv(tmp_path, HEADER + "bad,坏人,b@example.gov.cn,市审计局,编辑\n")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "govpages_import_staff", str(path)]).execute()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err == "CommandError: staff.csv: 第 2 行：部门 市审计局 不存在。"


def test_missing_file_is_reported(tmp_path, departments):
    with pytest.raises(CommandError, match="无法读取"):
        import_file(tmp_path / "nope.csv")
