"""Graph uploads: only raster images we can name by their first bytes (no SVG: it can carry script)."""

from __future__ import annotations

from flask_login import current_user

from opsreview.audit.log import record
from opsreview.coes import services
from opsreview.coes.models import Coe, CoeImage, CoeStatus
from opsreview.extensions import db

# Below the request limit (MAX_CONTENT_LENGTH, 2 MiB by default) with room for the form around the file,
# so a large image gets this check's message on the COE page rather than the site's "too large" page.
MAX_BYTES = 3 * 512 * 1024  # 1.5 MiB
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


class BadImage(ValueError):
    pass


def content_type(data: bytes) -> str:
    """The image type the bytes really are, or BadImage whatever the file name or header claims."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise BadImage("Only PNG, JPEG, GIF or WebP images can be attached.")


def attach(coe: Coe, data: bytes, caption: str) -> CoeImage:
    if not data:
        raise BadImage("The file is empty.")
    if len(data) > MAX_BYTES:
        raise BadImage(f"Images can be at most {MAX_BYTES / (1024 * 1024):g} MiB.")
    image = CoeImage(coe_id=coe.id, content_type=content_type(data), size=len(data), caption=caption.strip(),
                     data=data, uploaded_by_id=current_user.id if current_user.is_authenticated else None)
    db.session.add(image)
    db.session.flush()
    record("create", "coe_image", image.id, after={"coe_id": coe.id, "content_type": image.content_type,
                                                   "size": image.size, "caption": image.caption},
           summary=f"graph for COE {coe.id}")
    db.session.commit()
    return image


def remove(image: CoeImage) -> bool:
    """Remove a graph; a COE waiting for review that no longer passes the gate goes back to draft (True)."""
    coe = image.coe
    record("delete", "coe_image", image.id, before={"coe_id": image.coe_id, "caption": image.caption},
           summary=f"graph removed from COE {image.coe_id}")
    coe.images.remove(image)  # delete-orphan: the row goes, and the gate sees the COE without it
    db.session.flush()
    demoted = services.demote_if_failing(coe)
    if demoted:
        record("update", "coe", coe.id, {"status": CoeStatus.READY.value}, {"status": coe.status.value},
               summary=f"{coe.status.value}: {coe.title} (no longer passes the quality gate without the graph)")
    db.session.commit()
    return demoted
