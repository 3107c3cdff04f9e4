import os

import pytest

from interviews.engine.types import KeyPointSpec, QuestionSpec

# Real clients talk to local test servers only: no proxy, no tracing.
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ["LANGSMITH_TRACING"] = "false"


@pytest.fixture
def ko_question() -> QuestionSpec:
    return QuestionSpec(
        text="프로세스와 스레드의 차이를 설명해 주세요.",
        language="ko",
        model_answer=(
            "프로세스는 운영체제로부터 독립된 메모리 공간을 할당받는 실행 단위입니다. "
            "스레드는 프로세스 안의 실행 흐름으로, 같은 프로세스의 스레드들은 힙과 코드 영역을 "
            "공유합니다. 그래서 스레드 간 통신은 빠르지만 공유 자원에 대한 동기화가 필요합니다. "
            "스레드 생성과 컨텍스트 스위칭 비용은 프로세스보다 작습니다."
        ),
        key_points=(
            KeyPointSpec(
                "프로세스는 독립된 메모리 공간을 가진다", ("독립 메모리", "별도 주소 공간")
            ),
            KeyPointSpec("스레드는 프로세스의 메모리를 공유한다", ("힙 공유", "shared memory")),
            KeyPointSpec("공유 자원에는 동기화가 필요하다", ("race condition", "락", "mutex")),
            KeyPointSpec("스레드는 생성 비용과 컨텍스트 스위칭 비용이 작다", ("가볍다",)),
        ),
        question_id=1,
        topic="os",
        follow_ups=("멀티스레드 환경에서 race condition을 막는 방법은 무엇인가요?",),
    )


@pytest.fixture
def en_question() -> QuestionSpec:
    return QuestionSpec(
        text="What is an index in a relational database, and what does it cost?",
        language="en",
        model_answer=(
            "An index is a separate data structure, usually a B-tree, that keeps column values "
            "sorted with pointers to rows, so lookups avoid a full table scan. It speeds up "
            "reads, but every insert, update and delete must also update the index, so writes "
            "get slower and the index takes extra storage. Columns with low cardinality "
            "benefit little."
        ),
        key_points=(
            KeyPointSpec("an index is a sorted structure such as a B-tree", ("b-tree", "btree")),
            KeyPointSpec("it avoids a full table scan", ("full scan", "faster lookups")),
            KeyPointSpec("writes become slower because the index must be updated", ()),
            KeyPointSpec("it uses extra storage", ("disk space", "more space")),
        ),
        question_id=2,
        topic="databases",
    )
