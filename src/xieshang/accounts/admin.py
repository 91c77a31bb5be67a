from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from xieshang.accounts.models import LoginFailure, Organisation, Profile

User = get_user_model()


class ProfileInline(admin.StackedInline[Profile, User]):  # type: ignore[valid-type]
    model = Profile
    fields = ("role", "organisation", "is_org_admin")
    can_delete = False
    extra = 1
    max_num = 1


class XieshangUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Staff create borrowers and counselors here and set their role; counselors are assigned on the case."""

    inlines = [ProfileInline]
    list_display = ("username", "first_name", "is_staff", "role", "organisation")

    @admin.display(description=_("organisation"))
    def organisation(self, obj: Any) -> str:
        profile = Profile.objects.filter(user_id=obj.pk).select_related("organisation").first()
        return str(profile.organisation) if profile and profile.organisation else "-"

    @admin.display(description=_("role"))
    def role(self, obj: Any) -> str:
        profile = Profile.objects.filter(user_id=obj.pk).first()
        return profile.get_role_display() if profile else "-"


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, XieshangUserAdmin)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin[LoginFailure]):
    """Delete a row to unlock a user name at once."""

    list_display = ("username", "ip", "failures", "last_failure_at", "locked_until")
    search_fields = ("username", "ip")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    """A counselor's organisation is set on the user's profile (one organisation each)."""

    list_display = ("name",)
    search_fields = ("name",)
