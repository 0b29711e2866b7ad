import streamlit as st

st.title("Veranderverhaal bewerken")
