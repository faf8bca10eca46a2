FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HDR_DATA_DIR=/data
COPY pyproject.toml README.md ./
COPY core ./core
COPY bot ./bot
COPY forms ./forms
COPY scheduler ./scheduler
COPY hdr_desk ./hdr_desk
RUN pip install --no-cache-dir . && useradd --create-home hdr && mkdir /data && chown hdr /data
USER hdr
EXPOSE 8000
CMD ["hdr-desk", "serve", "--host", "0.0.0.0", "--port", "8000"]
