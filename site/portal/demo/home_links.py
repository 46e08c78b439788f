"""A "部门信息公开" block on the demo home page linking every demo department, so that a citizen
reaches each department from the home page (the end-to-end tests walk this way)."""

from govpages.models import DepartmentPage

HEADING = "部门信息公开"


def has_block(home):
    return any(
        block.block_type == "featured_links" and block.value["heading"] == HEADING
        for block in home.body
    )


def load(context):
    home = context["home"].specific
    departments = list(DepartmentPage.objects.child_of(home).live().public().order_by("path"))
    if not departments or has_block(home):
        return
    links = [
        {"title": department.title, "page": department, "url": "", "description": ""}
        for department in departments
    ]
    home.body.append(("featured_links", {"heading": HEADING, "links": links}))
    home.save_revision().publish()
