"""Reply deadlines in working days on the shared calendar (chinese-calendar's schedule)."""

import datetime

import pytest

from govpages.applications import actions
from govpages.applications.deadlines import (
    correction_notice_deadline,
    receipt_working_day,
    reply_deadline,
)

from .conftest import make_case

D = datetime.date


def test_twenty_working_days_across_spring_festival(db):
    # 2026 春节: 02-15..02-23 off; Sat 02-14 and Sat 02-28 are 调休 working days.
    # From Mon 02-09: 10,11,12,13,14(Sat) = 5; 24,25,26,27,28(Sat) = 10; 03-02..06 = 15;
    # 03-09..13 = 20.
    assert reply_deadline(D(2026, 2, 9)) == D(2026, 3, 13)


def test_twenty_working_days_across_national_day(db):
    # 2026 中秋 Fri 09-25 and 国庆 10-01..10-07 off, Sat 10-10 worked. From Wed 09-23:
    # 24 = 1; 28,29,30 = 4; 10-08,09,10(Sat) = 7; 12..16 = 12; 19..23 = 17; 26,27,28 = 20.
    assert reply_deadline(D(2026, 9, 23)) == D(2026, 10, 28)


def test_receipt_on_a_holiday_counts_from_the_next_working_day(db):
    assert receipt_working_day(D(2026, 10, 3)) == D(2026, 10, 8)
    assert receipt_working_day(D(2026, 10, 10)) == D(2026, 10, 10)  # 调休 Saturday: a working day
    assert receipt_working_day(D(2026, 10, 11)) == D(2026, 10, 12)  # an ordinary Sunday
    # received 10-08 (not counted): 09, 10(Sat), 12 ... the 7th working day is 10-16.
    assert correction_notice_deadline(D(2026, 10, 8)) == D(2026, 10, 16)


def test_a_case_received_on_national_day(two_departments, settings):
    case = make_case(two_departments["a"], received_on=None)
    case.received_on = None
    case.received_at = datetime.datetime(2026, 10, 2, 15, 0, tzinfo=datetime.UTC)
    case.save()
    assert case.received_on == D(2026, 10, 8)
    assert case.compute_due_date() == reply_deadline(D(2026, 10, 8))


def test_paused_days_are_not_counted(db):
    # Received Fri 02-27; Sat 02-28 is a 调休 working day, so day 20 is Thu 03-26.
    # A 补正 notice on Mon 03-02, supplied Fri 03-06: 03-03..03-06 (4 working days) not counted.
    base = reply_deadline(D(2026, 2, 27))
    paused = reply_deadline(D(2026, 2, 27), [(D(2026, 3, 2), D(2026, 3, 6))])
    assert base == D(2026, 3, 26)
    assert paused == D(2026, 4, 1)
    assert reply_deadline(D(2026, 2, 27), [(D(2026, 3, 2), None)]) is None  # clock stopped


def test_case_flow_pauses_and_the_single_extension(
    two_departments, django_user_model, time_machine_today
):
    user = two_departments["users"]["editor_a"]
    case = make_case(two_departments["a"], received_on=D(2026, 3, 2))
    assert case.due_date == D(2026, 3, 30)
    time_machine_today(D(2026, 3, 4))
    case = actions.request_correction(case, user, D(2026, 3, 4), "请写明文件名称")
    assert case.state == "correction" and case.due_date is None
    time_machine_today(D(2026, 3, 11))
    case = actions.correction_supplied(case, user, D(2026, 3, 11))
    # 03-05..03-11: 5 working days not counted.
    assert case.due_date == D(2026, 4, 7)
    case = actions.start_consultation(case, user, D(2026, 3, 11), "征求某公司意见")
    assert case.due_date is None
    time_machine_today(D(2026, 3, 13))
    case = actions.end_consultation(case, user, D(2026, 3, 13))
    assert case.due_date == D(2026, 4, 9)  # 03-12, 03-13 not counted
    case = actions.extend(case, user, D(2026, 3, 13), 20, "需调取档案")
    assert case.due_date == D(2026, 5, 11)  # 20 more working days; 清明 04-04..06, 劳动节 05-01..05
    with pytest.raises(actions.CaseActionError, match="只能延长一次"):
        actions.extend(case, user, D(2026, 3, 13), 5, "再延")
    assert [e.action for e in case.log.all()] == [
        "receive",
        "request_correction",
        "correction_supplied",
        "start_consultation",
        "end_consultation",
        "extend",
    ]


def test_extension_limits(two_departments, time_machine_today):
    user = two_departments["users"]["editor_a"]
    case = make_case(two_departments["a"], received_on=D(2026, 3, 2))
    time_machine_today(D(2026, 3, 3))
    with pytest.raises(actions.CaseActionError, match="1 至 20"):
        actions.extend(case, user, D(2026, 3, 3), 21, "理由")
    with pytest.raises(actions.CaseActionError, match="理由"):
        actions.extend(case, user, D(2026, 3, 3), 10, " ")
    case.refresh_from_db()
    assert case.extension_days == 0 and case.log.count() == 1


def test_correction_notice_after_seven_working_days_is_refused(two_departments, time_machine_today):
    user = two_departments["users"]["editor_a"]
    case = make_case(two_departments["a"], received_on=D(2026, 3, 2))
    time_machine_today(D(2026, 3, 12))
    with pytest.raises(actions.CaseActionError, match="2026-03-11"):
        actions.request_correction(case, user, D(2026, 3, 12), "补正")
    assert case.pauses.count() == 0
