"""Charts can be read by everyone: enough contrast, and never colour alone."""

import pytest

from kompas.reports import charts


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", charts.PALETTE + list(charts.KIND_COLOURS.values()))
def test_every_chart_colour_has_3_to_1_contrast_on_the_background(colour):
    assert contrast(colour, charts.BACKGROUND) >= 3.0


def test_groups_differ_in_more_than_colour(store):
    from kompas.store import indicators, observations

    frame = observations.series(store, "eenzaam", "GM9999", "leeftijd")
    figure = charts.series_chart(indicators.get_indicator(store, "eenzaam"), frame, "x")
    styles = [(t.line.dash, t.marker.symbol) for t in figure.data]
    assert len(styles) == len(set(styles)) == 5  # total + four age groups
    assert figure.layout.separators == ",."  # Dutch decimal comma
