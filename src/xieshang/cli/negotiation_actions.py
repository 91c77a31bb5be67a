"""What `xieshang contact|offer|agreement …` do (their options: negotiation_cmds.py).

Thin over `xieshang.negotiation.services` (every check and its bilingual message is theirs) and
`selectors` (payment status). Acts as the local operator, as `xieshang case import`.
The human output is in negotiation_view.py; the shared lookups and JSON shapes in negotiation_common.py.
"""

from decimal import Decimal
from typing import Any

from xieshang.cli import negotiation_common as nc
from xieshang.cli import negotiation_view as view
from xieshang.cli.context import CliContext


def contact_add(ctx: CliContext, name: str, o: dict[str, Any]) -> None:
    with nc.stored(ctx):
        from xieshang.cli.stored import local_user
        from xieshang.negotiation.models import Contact
        from xieshang.negotiation.services import contact_record

        case = nc.case_named(name)
        contact = contact_record(
            case=case,
            channel=o["channel"],
            occurred_at=nc.moment(o["at"], "--at", ctx),
            said=o["said"],
            direction=Contact.Direction.INCOMING if o["incoming"] else Contact.Direction.OUTGOING,
            debt=nc.debt_of(case, o["debt"]),
            lender=o["lender"],
            person=o["person"],
            staff_number=o["staff_number"],
            promise=o["promise"],
            promise_by=o["promise_by"],
            promise_due=nc.day(o["promise_due"], "--promise-due"),
            follow_up_on=nc.day(o["follow_up"], "--follow-up"),
            created_by=local_user(),
        )
        if o["as_json"]:
            ctx.emit_json(nc.contact_json(contact))
        else:
            view.saved(ctx, ctx.t("已记录联系", "Contact logged"), contact.pk)


def contact_list(ctx: CliContext, name: str, as_json: bool) -> None:
    with nc.stored(ctx):
        case = nc.case_named(name)
        contacts = list(case.contacts.select_related("debt"))
        if as_json:
            ctx.emit_json({"case": case.name, "contacts": [nc.contact_json(c) for c in contacts]})
        else:
            view.contacts(ctx, case, contacts, nc.today(ctx))


def contact_done(ctx: CliContext, name: str, contact_id: int, undo: bool, as_json: bool) -> None:
    with nc.stored(ctx):
        from xieshang.negotiation.services import contact_follow_up_done

        contact = contact_follow_up_done(
            contact=nc.item_of(nc.case_named(name), "contact", contact_id), done=not undo
        )
        if as_json:
            ctx.emit_json(nc.contact_json(contact))
        elif undo:
            view.saved(ctx, ctx.t("跟进已重新打开", "Follow-up reopened"), contact.pk)
        else:
            view.saved(ctx, ctx.t("跟进已完成", "Follow-up done"), contact.pk)


def offer_add(ctx: CliContext, name: str, o: dict[str, Any]) -> None:
    with nc.stored(ctx):
        from xieshang.negotiation.services import offer_record

        case = nc.case_named(name)
        on = nc.today(ctx, o["on"])
        offer = offer_record(
            case=case,
            proposed_by=o["by"],
            proposed_on=on,
            kind=o["kind"],
            debt=nc.debt_of(case, o["debt"]),
            responds_to=None if o["counter"] is None else nc.item_of(case, "offer", o["counter"]),
            contact=None if o["contact"] is None else nc.item_of(case, "contact", o["contact"]),
            amount=nc.amount(o["amount"], "--amount"),
            months=o["months"],
            annual_rate=nc.percent(o["rate"], "--rate"),
            monthly_payment=nc.amount(o["monthly"], "--monthly"),
            total_payable=nc.amount(o["total"], "--total"),
            waived_amount=nc.amount(o["waive"], "--waive"),
            first_due_date=nc.day(o["first_due"], "--first-due"),
            terms=o["terms"],
            valid_until=nc.day(o["valid_until"], "--valid-until"),
            today=nc.today(ctx),
        )
        if o["as_json"]:
            ctx.emit_json(nc.offer_json(offer, on))
        else:
            view.saved(ctx, ctx.t("已记录方案", "Offer recorded"), offer.pk)
            view.offers(ctx, [offer], on)


def offer_list(ctx: CliContext, name: str, on_text: str | None, as_json: bool) -> None:
    with nc.stored(ctx):
        case = nc.case_named(name)
        on = nc.today(ctx, on_text)
        offers = list(case.offers.select_related("debt"))
        if as_json:
            ctx.emit_json({"case": case.name, "offers": [nc.offer_json(x, on) for x in offers]})
        else:
            view.offers(ctx, offers, on)


def offer_answer(
    ctx: CliContext, name: str, offer_id: int, accept: bool, on_text: str | None, as_json: bool
) -> None:
    with nc.stored(ctx):
        from xieshang.negotiation.services import offer_respond

        case = nc.case_named(name)
        on = nc.today(ctx, on_text)
        offer = offer_respond(
            offer=nc.item_of(case, "offer", offer_id), accept=accept, on=on, today=nc.today(ctx)
        )
        if as_json:
            ctx.emit_json(nc.offer_json(offer, on))
        else:
            view.offers(ctx, [offer], on)
            if accept:
                ctx.console.print(
                    ctx.t(
                        f"下一步：拿到书面确认后记录协议：xieshang agreement add {case.name} --offer {offer.pk}",
                        f"Next: once confirmed in writing, record the agreement: "
                        f"xieshang agreement add {case.name} --offer {offer.pk}",
                    ),
                    markup=False,
                )


def agreement_add(ctx: CliContext, name: str, o: dict[str, Any]) -> None:
    """As the web form started from an offer: the offer's terms, each replaceable by an option."""
    with nc.stored(ctx):
        from xieshang.negotiation.selectors import agreement_overview
        from xieshang.negotiation.services import agreement_record

        case = nc.case_named(name)
        offer = None if o["offer"] is None else nc.item_of(case, "offer", o["offer"])
        given = {
            "debt": nc.debt_of(case, o["debt"]),
            "kind": o["kind"],
            "amount": nc.amount(o["amount"], "--amount"),
            "months": o["months"],
            "annual_rate": nc.percent(o["rate"], "--rate"),
            "first_due_date": nc.day(o["first_due"], "--first-due"),
            "waived_amount": nc.amount(o["waive"], "--waive"),
            "terms": o["terms"],
        }
        if offer is not None:
            from_offer = {
                "debt": offer.debt,
                "kind": offer.kind,
                "amount": offer.amount or offer.total_payable,
                "months": offer.months,
                "annual_rate": offer.annual_rate,
                "first_due_date": offer.first_due_date,
                "waived_amount": offer.waived_amount,
                "terms": offer.terms,
            }
            given = {k: v if v not in (None, "") else from_offer[k] for k, v in given.items()}
        nc.require_terms(given)
        on = nc.today(ctx, o["on"])
        agreement = agreement_record(
            case=case,
            agreed_on=on,
            kind=given["kind"],
            amount=given["amount"],
            first_due_date=given["first_due_date"],
            months=given["months"] or 1,
            annual_rate=given["annual_rate"] or Decimal("0"),
            method=o["method"],
            penalty_annual_rate=nc.percent(o["penalty_rate"], "--penalty-rate") or Decimal("0"),
            breaks_after_days=o["breaks_after"],
            debt=given["debt"],
            lender=o["lender"],
            offer=offer,
            waived_amount=given["waived_amount"],
            terms=given["terms"] or "",
            confirmation_note=o["confirmation"],
        )
        overview = agreement_overview(agreement, nc.today(ctx))
        if o["as_json"]:
            ctx.emit_json(nc.agreement_json(overview))
        else:
            view.saved(
                ctx, ctx.t("已记录协议及还款计划", "Agreement recorded with its schedule"), agreement.pk
            )
            view.agreements(ctx, [overview])


def agreement_list(ctx: CliContext, name: str, on_text: str | None, as_json: bool) -> None:
    with nc.stored(ctx):
        from xieshang.negotiation.selectors import agreements_of_case

        case = nc.case_named(name)
        overviews = agreements_of_case(case, nc.today(ctx, on_text))
        if as_json:
            ctx.emit_json({"case": case.name, "agreements": [nc.agreement_json(v) for v in overviews]})
        else:
            view.agreements(ctx, overviews)


def agreement_paid(ctx: CliContext, name: str, payment_id: int, o: dict[str, Any]) -> None:
    with nc.stored(ctx):
        from xieshang.negotiation.selectors import payment_status
        from xieshang.negotiation.services import agreed_payment_mark_paid

        case = nc.case_named(name)
        payment = agreed_payment_mark_paid(
            payment=nc.item_of(case, "payment", payment_id),
            paid_on=nc.day(o["on"], "--on") or nc.today(ctx),
            amount=nc.amount(o["amount"], "--amount"),
            proof_note=o["proof"],
            record_on_debt=not o["not_on_debt"],
        )
        status = str(payment_status(payment, nc.today(ctx)))
        if o["as_json"]:
            ctx.emit_json(nc.payment_json(payment, status))
        else:
            view.paid(ctx, payment, status)
