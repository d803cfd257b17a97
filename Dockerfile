FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# WeasyPrint (the board pack's PDF) lays text out with pango and harfbuzz; DejaVu is its font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# The locked versions, each file checked against its hash (`make lock` writes the lock), then the
# project itself without its dependencies.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY convergence ./convergence
COPY touchpoints ./touchpoints
COPY assessments ./assessments
RUN pip install --no-cache-dir --no-deps .
COPY . .
RUN DATABASE_URL=sqlite:////tmp/build.sqlite3 STATIC_MANIFEST=true python manage.py collectstatic --noinput -v0
# The server runs as an unprivileged user: the image's files stay root-owned and read-only to it.
RUN useradd --create-home --uid 10001 convergence
USER convergence
EXPOSE 8000
CMD ["gunicorn", "convergence.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
