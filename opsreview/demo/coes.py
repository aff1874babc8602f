"""Demo COEs: enough past problems that similarity, open fixes and this week in history show up."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from opsreview.accounts.models import Role, User
from opsreview.actions.models import ActionItem, Source, Status, Term
from opsreview.clock import today
from opsreview.coes import search
from opsreview.coes.models import Coe, CoeStatus, Severity, TimelineEntry, Why
from opsreview.extensions import db
from opsreview.teams.models import Team

WHYS_CERT = [("Why did checkout fail?", "Clients refused the TLS handshake: the certificate had expired."),
             ("Why had it expired?", "Renewal was a manual task and it was missed."),
             ("Why manual?", "The certificate was issued before the team used managed certificates.")]
WHYS_DNS = [("Why did lookups fail?", "The resolver throttled the fleet's DNS queries."),
            ("Why so many queries?", "The new host image had no local DNS cache."),
            ("Why was that not caught?", "Image changes are not load tested.")]
WHYS_POOL = [("Why did requests time out?", "Every database connection in the pool was taken."),
             ("Why were they all taken?", "Slow queries held them."),
             ("Why slow?", "A schema change dropped an index.")]

# (days ago, team slug, severity, status, title, summary, impact, whys, factors, action item or None)
DEMO = [
    (364, "checkout", Severity.SEV2, CoeStatus.REVIEWED, "Checkout errors after the payment certificate expired",
     "The TLS certificate on the payment endpoint expired and every checkout call failed the handshake.",
     "About 4,000 customers could not pay for 35 minutes.", WHYS_CERT,
     "No alarm on certificate expiry; renewal tracked in a personal calendar.",
     ("Alarm 30 days before any certificate expires", Status.OPEN)),
    (200, "search", Severity.SEV3, CoeStatus.CLOSED, "Search lookups failed when the DNS resolver throttled us",
     "The VPC DNS resolver hit its query limit and lookups for internal hosts timed out.",
     "Search returned errors for 25% of customers over 40 minutes.", WHYS_DNS,
     "No DNS cache on hosts; resolver limits not on the dashboard.", ("Turn on a local DNS cache", Status.DONE)),
    (120, "ledger", Severity.SEV2, CoeStatus.CLOSED, "Ledger writes timed out on an exhausted connection pool",
     "Slow queries held every connection in the database pool and new requests timed out.",
     "1,800 payments were delayed by up to 25 minutes.", WHYS_POOL,
     "Pool size fixed and small; no alarm on pool wait time.", ("Alarm on pool wait time", Status.DONE)),
    (30, "payouts", Severity.SEV2, CoeStatus.READY, "Payouts to a partner bank failed on an expired client certificate",
     "Our mutual TLS client certificate for the bank integration expired and the bank rejected our calls.",
     "Payouts to 600 sellers were 3 hours late.", WHYS_CERT,
     "Certificates outside the certificate manager; expiry not inventoried.",
     ("Move the bank certificate to managed renewal", Status.OPEN)),
    (6, "product-pages", Severity.SEV3, CoeStatus.DRAFT, "Product pages slow while DNS lookups timed out",
     "After a host image change, DNS lookups from product page hosts timed out under load.",
     "p99 latency rose to 6 s for 20 minutes; 2% of page views failed.", WHYS_DNS[:2], "", None),
]


def seed_coes() -> None:
    author = db.session.scalars(db.select(User).where(User.role == Role.MEMBER)).first()
    for days, slug, severity, status, title, summary, impact, whys, factors, action in DEMO:
        team = db.session.scalars(db.select(Team).where(Team.slug == slug)).first()
        start = datetime.combine(today() - timedelta(days=days), time(9, 0))
        coe = Coe(title=title, severity=severity, team_id=team.id if team else None, service=slug,
                  event_start_at=start, detected_at=start + timedelta(minutes=12),
                  mitigated_at=start + timedelta(minutes=40), resolved_at=start + timedelta(hours=2),
                  summary=summary, customer_impact=impact, contributing_factors=factors, status=status,
                  lessons_learned="Alarms on what expires or saturates, before customers notice." if factors else "",
                  author_id=author.id if author else None, created_at=start + timedelta(days=1))
        coe.timeline = [TimelineEntry(position=0, at=start, text="The problem begins"),
                        TimelineEntry(position=1, at=start + timedelta(minutes=12), text="An alarm pages the on-call"),
                        TimelineEntry(position=2, at=start + timedelta(minutes=40), text="Mitigation deployed")]
        coe.whys = [Why(position=i, question=q, answer=a) for i, (q, a) in enumerate(whys)]
        db.session.add(coe)
        db.session.flush()
        if action and author:
            title_, state = action
            db.session.add(ActionItem(
                title=title_, owner_id=author.id, team_id=coe.team_id, coe_id=coe.id, source=Source.COE,
                source_ref=coe.label[:300], term=Term.MEDIUM, status=state,
                due_on=start.date() + timedelta(days=28), closed_at=start + timedelta(days=20) if state.is_closed else None))
        search.reindex(coe)
    db.session.commit()
