from interviews.models.assignments import Assignment
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
from interviews.models.imports import ImportJob, ImportJobStatus
from interviews.models.recordings import AnswerRecording
from interviews.models.reviews import TurnReview
from interviews.models.sessions import InterviewSession, Turn

__all__ = [
    "AnswerRecording",
    "Assignment",
    "Difficulty",
    "FollowUp",
    "ImportJob",
    "ImportJobStatus",
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
