from django.contrib import admin

from concerto.core.admin_site import AdministratorOnlyAdmin
from concerto.proposals.models import ActivityProposal, ProposalComment


@admin.register(ActivityProposal)
class ActivityProposalAdmin(AdministratorOnlyAdmin):
    list_display = ("title_fr", "title_nl", "organisation", "prison", "status", "updated_at")
    list_filter = ("status", "prison")
    search_fields = ("title_fr", "title_nl", "title_en")


@admin.register(ProposalComment)
class ProposalCommentAdmin(AdministratorOnlyAdmin):
    list_display = ("proposal", "organisation", "created_at")
