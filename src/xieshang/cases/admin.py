from django.contrib import admin

from xieshang.cases.models import Case, Debt, Payment


class DebtInline(admin.TabularInline[Debt, Case]):
    model = Debt
    extra = 0
    fields = ("key", "lender", "lender_type", "principal", "method", "start_date")


class PaymentInline(admin.TabularInline[Payment, Debt]):
    model = Payment
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ("name", "borrower_name", "owner", "updated_at")
    search_fields = ("name",)
    filter_horizontal = ("counselors",)
    inlines = [DebtInline]


@admin.register(Debt)
class DebtAdmin(admin.ModelAdmin[Debt]):
    list_display = ("key", "lender", "lender_type", "principal", "case")
    list_filter = ("lender_type", "method")
    inlines = [PaymentInline]
