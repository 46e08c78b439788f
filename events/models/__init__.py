from .event import (
    EventMaterial,
    EventOccurrence,
    EventOnlineChannel,
    EventPage,
    EventParticipant,
    EventPhoto,
    EventVenue,
)
from .forum import ForumSessionPage, PanelMember, Question
from .index import EventIndexPage
from .vocabularies import ActivityForm, EventType

__all__ = [
    "ActivityForm",
    "EventIndexPage",
    "EventMaterial",
    "EventOccurrence",
    "EventOnlineChannel",
    "EventPage",
    "EventParticipant",
    "EventPhoto",
    "EventType",
    "EventVenue",
    "ForumSessionPage",
    "PanelMember",
    "Question",
]
