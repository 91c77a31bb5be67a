from typing import Any

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

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "counselors":  # only accounts with the counselor role can be assigned
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(profile__role="counselor")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Debt)
class DebtAdmin(admin.ModelAdmin[Debt]):
    list_display = ("key", "lender", "lender_type", "principal", "case")
    list_filter = ("lender_type", "method")
    inlines = [PaymentInline]
