# The two commands (see README): `make run` serves the app, `make test` checks it.
.PHONY: run test lint bench messages

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/djlint templates --lint && \
	.venv/bin/mypy

# `-e … md`: the Markdown export (templates/interviews/export.md) is a template too.
messages:
	.venv/bin/python manage.py makemessages -l ko -e html,txt,py,md --ignore=.venv --ignore=staticfiles --ignore=bench --ignore=docs && \
	.venv/bin/python manage.py compilemessages -l ko --ignore=.venv
