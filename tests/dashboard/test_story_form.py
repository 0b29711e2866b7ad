"""The story form: personal data is flagged before saving, and visibility and consent must be chosen."""

from dashboard import cached
from tests.dashboard.test_pages import go

FORM = "verhalen_new_0"
BODY = "Mevrouw De Vries (06-12345678) vertelt dat het buurthuis nu ook 's avonds open is."


def _fill(at, title="Avondopenstelling", body=BODY, visibility="werkgroep", consent=True):
    at.text_input(key=f"{FORM}_title").input(title)
    at.text_area(key=f"{FORM}_body").input(body)
    if visibility is not None:
        at.radio(key=f"{FORM}_visibility").set_value(visibility)
    if consent is not None:
        at.radio(key=f"{FORM}_consent").set_value(consent)
    at.button(key=f"{FORM}_submit").click().run()
    assert not at.exception
    return at


def _count(title):
    return cached.get_store().scalar("SELECT count(*) FROM notes WHERE title = ?", [title])


def test_personal_data_is_flagged_by_kind_and_nothing_is_saved_yet(app):
    at = _fill(go(app, "app_pages/verhalen.py"))
    warning = next(w.value for w in at.warning if "persoonsgegevens" in w.value)
    assert "een naam en een telefoonnummer" in warning
    assert "De Vries" not in warning and "12345678" not in warning  # the values are not repeated
    assert _count("Avondopenstelling") == 0
    assert at.text_area(key=f"{FORM}_body").value == BODY  # nothing typed is lost
    assert at.radio(key=f"{FORM}_visibility").value == "werkgroep"
    labels = [b.label for b in at.button if b.key and b.key.startswith(f"{FORM}_pending")]
    assert labels == [r"Vervang door \[naam\], \[telefoonnummer\] en bewaar", "Toch bewaren zoals het is"]


def test_replace_saves_the_story_with_placeholders(app):
    at = _fill(go(app, "app_pages/verhalen.py"))
    at.button(key=f"{FORM}_pending_replace").click().run()
    assert not at.exception
    body = cached.get_store().scalar("SELECT body FROM notes WHERE title = 'Avondopenstelling'")
    assert body == "Mevrouw [naam] ([telefoonnummer]) vertelt dat het buurthuis nu ook 's avonds open is."
    assert at.text_area(key="verhalen_new_1_body").value == ""  # a fresh form for the next story


def test_keep_saves_the_story_as_typed(app):
    at = _fill(go(app, "app_pages/verhalen.py"))
    at.button(key=f"{FORM}_pending_keep").click().run()
    assert not at.exception
    assert cached.get_store().scalar("SELECT body FROM notes WHERE title = 'Avondopenstelling'") == BODY


def test_a_story_without_personal_data_is_saved_at_once(app):
    at = _fill(go(app, "app_pages/verhalen.py"), body="Het buurthuis is nu ook 's avonds open.")
    assert not [w for w in at.warning if "persoonsgegevens" in w.value]
    assert _count("Avondopenstelling") == 1


def _form_elements(at):
    form = next(f for f in at.get("form") if f.proto.form.form_id == FORM)
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            found.append(child)
            walk(child)

    walk(form)
    return found


def test_visibility_and_consent_start_empty_and_are_required_with_a_message_beside_each(app):
    at = go(app, "app_pages/verhalen.py")
    assert at.radio(key=f"{FORM}_visibility").value is None
    assert at.radio(key=f"{FORM}_consent").value is None
    at = _fill(at, body="Het buurthuis is open.", visibility=None, consent=None)
    assert _count("Avondopenstelling") == 0
    elements = _form_elements(at)
    for key, word in ((f"{FORM}_visibility", "wie dit verhaal mag zien"), (f"{FORM}_consent", "toestemming")):
        position = next(i for i, e in enumerate(elements) if getattr(e, "key", None) == key)
        beside = elements[position + 1]
        assert beside.type == "error" and word in beside.value.lower(), (key, beside)
    assert at.text_input(key=f"{FORM}_title").value == "Avondopenstelling"
