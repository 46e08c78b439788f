"""Table 三 counts for a department-year, on a hand-counted fixture."""

import datetime

from govpages.applications.outcomes import OUTCOME_GROUPS, Outcome
from govpages.applications.reports import COLUMNS, table_three

from .conftest import make_case

D = datetime.date


def replied(case, outcome, day):
    # Stored directly: the fixture spans years the actions' "today" check would refuse.
    case.state, case.outcome, case.replied_on = "replied", outcome, day
    case.save()


def test_outcomes_are_exactly_the_rows_of_table_three():
    assert [len(outcomes) for _heading, outcomes in OUTCOME_GROUPS] == [1, 1, 8, 3, 5, 3]
    assert [o for _h, outcomes in OUTCOME_GROUPS for o in outcomes] == list(Outcome)


def test_counts_for_a_department_year(two_departments):
    a, b = two_departments["a"], two_departments["b"]
    # Carried over from 2025: two natural persons (one replied in 2026, one still open) and a
    # business replied in 2025 (not carried over).
    replied(make_case(a, D(2025, 12, 22)), Outcome.DISCLOSED, D(2026, 1, 9))
    make_case(a, D(2025, 12, 29))
    replied(make_case(a, D(2025, 11, 3), "business"), Outcome.DISCLOSED, D(2025, 11, 20))
    # New in 2026: 3 natural persons, 2 businesses, 1 research institution, 1 law firm.
    replied(make_case(a, D(2026, 3, 2)), Outcome.PARTLY_DISCLOSED, D(2026, 3, 20))
    replied(make_case(a, D(2026, 4, 1)), Outcome.WITHHELD_PROCESS, D(2026, 4, 20))
    make_case(a, D(2026, 12, 28))  # carried forward
    replied(make_case(a, D(2026, 5, 6), "business"), Outcome.DISCLOSED, D(2026, 5, 20))
    replied(make_case(a, D(2026, 6, 1), "business"), Outcome.NOT_HANDLED_REPEATED, D(2026, 6, 5))
    replied(make_case(a, D(2026, 7, 1), "research"), Outcome.UNAVAILABLE_NOT_HELD, D(2026, 7, 9))
    replied(
        make_case(a, D(2026, 12, 1), "legal_service"),
        Outcome.OTHER_NO_CORRECTION,
        D(2027, 1, 15),
    )  # replied next year: carried forward from 2026
    # Another department's case counts nowhere here.
    make_case(b, D(2026, 3, 3))

    table = table_three(a, 2026)
    natural, business, research, public, legal, other = COLUMNS
    assert table.new == {
        natural: 3,
        business: 2,
        research: 1,
        public: 0,
        legal: 1,
        other: 0,
        "total": 7,
    }
    assert table.carried_over == {**dict.fromkeys(COLUMNS, 0), natural: 2, "total": 2}
    assert table.outcomes[Outcome.DISCLOSED] == {
        **dict.fromkeys(COLUMNS, 0),
        natural: 1,
        business: 1,
        "total": 2,
    }
    assert table.outcomes[Outcome.WITHHELD_PROCESS]["total"] == 1
    assert table.outcomes[Outcome.OTHER_NO_CORRECTION]["total"] == 0
    assert table.results_total == {
        **dict.fromkeys(COLUMNS, 0),
        natural: 3,
        business: 2,
        research: 1,
        "total": 6,
    }
    assert table.carried_forward == {**dict.fromkeys(COLUMNS, 0), natural: 2, legal: 1, "total": 3}
    for column in [*COLUMNS, "total"]:
        assert (
            table.new[column] + table.carried_over[column]
            == table.results_total[column] + table.carried_forward[column]
        )
    assert sum(row["total"] for row in table.outcomes.values()) == table.results_total["total"]
