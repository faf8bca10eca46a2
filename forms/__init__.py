"""The web: pages, forms and the JSON API, on FastAPI with Jinja2 templates."""
