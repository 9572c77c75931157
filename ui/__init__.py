"""The Streamlit front door's pages and helpers (run ``streamlit run streamlit_app.py``)."""
