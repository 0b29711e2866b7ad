"""Synthetic stores for measuring speed: from a tiny smoke test to all municipalities of the country."""

from kompas.demo.synth.build import build_store, build_store_file
from kompas.demo.synth.scales import GENERATOR_VERSION, SCALES, Scale

__all__ = ["build_store", "build_store_file", "GENERATOR_VERSION", "SCALES", "Scale"]
