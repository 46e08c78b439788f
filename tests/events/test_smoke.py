from .conftest import local_dt, make_event, occurrence


def test_index_and_event_render(client, index, event_type):
    event = make_event(
        index,
        "政务公开日活动",
        [occurrence(local_dt(2026, 5, 15, 9), local_dt(2026, 5, 15, 17))],
        event_type=event_type,
    )
    response = client.get(index.url + "?month=2026-05")
    assert response.status_code == 200, response.content[:3000]
    assert "政务公开日活动" in response.content.decode()
    response = client.get(event.url)
    assert response.status_code == 200
    assert client.get(index.url + "feed/").status_code == 200
    assert client.get(index.url + "ical/").status_code == 200
    assert client.get(event.url + "ical/").status_code == 200
