"""Graphs on a COE: real raster images only, within the size limit, served as what they are."""

from __future__ import annotations

import pytest

from opsreview.accounts.models import Role
from opsreview.coes import images
from opsreview.coes.models import Coe, CoeImage
from opsreview.extensions import db
from tests.coe_helpers import PNG, add_image, create_coe
from tests.conftest import client_as

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def test_a_png_is_attached_and_served_with_its_type_and_nosniff(client, app) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    assert add_image(client, coe_id).status_code == 302
    with app.app_context():
        image = db.session.scalars(db.select(CoeImage)).one()
        image_id, size = image.id, image.size
    assert size == len(PNG)
    page = client.get(f"/coes/{coe_id}").get_data(as_text=True)
    assert f'src="/coes/images/{image_id}"' in page and "Error rate" in page
    served = client.get(f"/coes/images/{image_id}")
    assert served.data == PNG and served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("data, name", [
    (SVG, "graph.svg"), (SVG, "graph.png"), (b"<html><script>alert(1)</script></html>", "graph.gif"),
    (b"%PDF-1.7 not an image", "graph.jpg"), (b"", "empty.png"),
])
def test_anything_but_png_jpeg_gif_or_webp_is_refused_whatever_its_name(client, app, data, name) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    response = add_image(client, coe_id, data, name)
    assert response.status_code == 400
    assert "Only PNG, JPEG, GIF or WebP" in response.get_data(as_text=True) or "empty" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(CoeImage)).all() == []


def test_jpeg_gif_and_webp_are_recognised_by_their_bytes(client, app) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    for data in (b"\xff\xd8\xff\xe0" + b"0" * 20, b"GIF89a" + b"0" * 20, b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"0" * 20):
        assert add_image(client, coe_id, data, "graph.bin").status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(CoeImage.content_type).order_by(CoeImage.id)).all() == [
            "image/jpeg", "image/gif", "image/webp"]


def test_an_image_over_the_size_limit_is_refused(client, app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The request limit (2 MiB) answers 413 first; a smaller image limit shows this check. (Test bodies
    # stay under 500 KB: the test client spools bigger ones to a file it never closes.)
    monkeypatch.setattr(images, "MAX_BYTES", 256 * 1024)
    coe_id = create_coe(client)
    response = add_image(client, coe_id, PNG + b"0" * (300 * 1024))
    assert response.status_code == 400 and "Images can be at most 0.25 MiB." in response.get_data(as_text=True)
    assert add_image(client, coe_id, PNG + b"0" * 1000).status_code == 302


def multipart_image(data: bytes) -> tuple[bytes, str]:
    """A graph upload's request body, built in memory (the test client would spool a big one to a file it
    never closes)."""
    boundary = "graph-boundary-7"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nError rate\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"graph.png\"\r\n"
            "Content-Type: image/png\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_an_image_just_over_its_limit_gets_the_field_error_on_the_coe_page(client, app) -> None:  # type: ignore[no-untyped-def]
    assert images.MAX_BYTES < app.config["MAX_CONTENT_LENGTH"]
    coe_id = create_coe(client)
    body, content_type = multipart_image(PNG + b"0" * (images.MAX_BYTES + 1 - len(PNG)))
    response = client.post(f"/coes/{coe_id}/images", data=body, content_type=content_type)
    page = response.get_data(as_text=True)
    assert response.status_code == 400, page[:300]
    assert "Images can be at most 1.5 MiB." in page and f"COE {coe_id}: Checkout errors" in page
    with app.app_context():
        assert db.session.scalars(db.select(CoeImage)).all() == []
        assert db.session.get(Coe, coe_id) is not None


def test_a_viewer_sees_graphs_but_cannot_attach_or_remove_them(app) -> None:  # type: ignore[no-untyped-def]
    member = client_as(app, Role.MEMBER)
    coe_id = create_coe(member)
    add_image(member, coe_id)
    viewer = client_as(app, Role.VIEWER)
    with app.app_context():
        image_id = db.session.scalars(db.select(CoeImage.id)).one()
    assert viewer.get(f"/coes/images/{image_id}").status_code == 200
    assert add_image(viewer, coe_id).status_code == 403
    assert viewer.post(f"/coes/images/{image_id}/delete").status_code == 403
    assert member.post(f"/coes/images/{image_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(CoeImage)).all() == []
