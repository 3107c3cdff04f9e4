from interviews.models.bank import (
    Difficulty,
    FollowUp,
    InterviewerPersona,
    KeyPoint,
    Misconception,
    PersonaVersion,
    Question,
    QuestionLanguage,
    QuestionStatus,
    ReferenceChunk,
    ReferenceDocument,
    Topic,
    Track,
)
from interviews.models.reviews import TurnReview
from interviews.models.sessions import InterviewSession, Turn

__all__ = [
    "Difficulty",
    "FollowUp",
    "InterviewSession",
    "InterviewerPersona",
    "KeyPoint",
    "Misconception",
    "PersonaVersion",
    "Question",
    "QuestionLanguage",
    "QuestionStatus",
    "ReferenceChunk",
    "ReferenceDocument",
    "Topic",
    "Track",
    "Turn",
    "TurnReview",
]
