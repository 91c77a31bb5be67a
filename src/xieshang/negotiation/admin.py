from django.contrib import admin

from xieshang.negotiation.models import AgreedPayment, Agreement, ChecklistTick, Contact, Offer


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin[Contact]):
    list_display = ("occurred_at", "case", "lender_name", "channel", "person", "staff_number", "follow_up_on")
    list_filter = ("channel", "direction", "follow_up_done")
    search_fields = ("case__name", "lender", "person", "staff_number", "said", "promise")
    raw_id_fields = ("case", "debt")
    date_hierarchy = "occurred_at"


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin[Offer]):
    list_display = ("proposed_on", "case", "proposed_by", "kind", "amount", "months", "status", "valid_until")
    list_filter = ("status", "kind", "proposed_by")
    search_fields = ("case__name", "terms")
    raw_id_fields = ("case", "debt", "responds_to", "contact")


class AgreedPaymentInline(admin.TabularInline[AgreedPayment, Agreement]):
    model = AgreedPayment
    extra = 0
    fields = ("n", "due_date", "amount", "paid_on", "paid_amount", "proof_note")
    readonly_fields = ("n", "due_date", "amount")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ("agreed_on", "case", "lender_name", "kind", "amount", "months", "first_due_date")
    list_filter = ("kind",)
    search_fields = ("case__name", "lender", "terms", "confirmation_note")
    raw_id_fields = ("case", "debt", "offer")
    inlines = [AgreedPaymentInline]


@admin.register(ChecklistTick)
class ChecklistTickAdmin(admin.ModelAdmin[ChecklistTick]):
    list_display = ("case", "doc_key", "ticked_at")
    search_fields = ("case__name", "doc_key")
    raw_id_fields = ("case",)
