# Production image: gunicorn web, Celery worker and beat share it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 poppler-utils nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.lock && npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN python manage.py compiletranslations \
 && DEBUG=false SECRET_KEY=build python manage.py collectstatic --noinput --verbosity 0

EXPOSE 8000
CMD ["gunicorn", "devzone.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
