"""REST API of detainees: the same selectors, services and permissions as the pages.

GET /api/v1/detainees/ and /api/v1/detainees/{id}/ answer the full record to service staff,
prison staff and administrators, and only ``id``, ``first_name``, ``initial`` and ``unit`` to
partner facilitators (their own participants). Service staff create and correct records, and
read and write their own service's notes at /api/v1/detainees/{id}/notes/. The prison's list
is imported through the pages, not the API. Every read and write is logged (concerto.privacy).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.serializers import BaseSerializer

from concerto.accounts.permissions import Actor
from concerto.api.fields import PlausibleDateField
from concerto.api.views import ActorViewSet
from concerto.detainees import permissions, selectors, services
from concerto.detainees.models import Detainee, DetaineeNote, LegalStatus, PresenceStatus
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log
from concerto.reference.models import Language

LANGUAGES_HELP = _("ISO 639 codes of the reference list (e.g. fr, nl, ar).")


class DetaineeSerializer(serializers.ModelSerializer):
    """The full record, for service staff, prison staff and administrators."""

    languages_spoken = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), many=True, required=False, help_text=LANGUAGES_HELP
    )
    languages_read = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), many=True, required=False, help_text=LANGUAGES_HELP
    )
    expected_release_on = PlausibleDateField(required=False, allow_null=True)

    class Meta:
        model = Detainee
        fields = [
            "id",
            "prison",
            "prison_number",
            "first_name",
            "last_name",
            "gender",
            "legal_status",
            "unit",
            "languages_spoken",
            "languages_read",
            "expected_release_on",
            "presence",
            "left_on",
        ]
        read_only_fields = ["presence", "left_on"]
        # The prison number's uniqueness per prison is checked by the service (a 400 on the field).
        validators: list[Any] = []

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        actor: Actor | None = self.context.get("actor")
        if actor is not None and request is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            fields["prison"].queryset = permissions.manageable_prisons(actor)  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | QuerySet):
            fields["prison"].read_only = True
        fields["unit"].queryset = Unit.objects.filter(is_active=True)  # type: ignore[attr-defined]
        return fields


class DetaineeShortSerializer(serializers.ModelSerializer):
    """What a partner facilitator may read about their own participants."""

    # Not "get_initial": Serializer.get_initial exists and means something else.
    initial = serializers.SerializerMethodField(
        method_name="initial_of", help_text=_("The first letter of the last name.")
    )

    class Meta:
        model = Detainee
        fields = ["id", "first_name", "initial", "unit"]

    def initial_of(self, detainee: Detainee) -> str:
        return detainee.last_name[:1]


DETAINEE_FOR_READER = PolymorphicProxySerializer(
    component_name="DetaineeForReader",
    serializers=[DetaineeSerializer, DetaineeShortSerializer],
    resource_type_field_name=None,
)


class DetaineeFilterSerializer(serializers.Serializer):
    """Query parameters of GET /api/v1/detainees/."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("Words in the prison number or the names (first names only for partner facilitators)."),
    )
    prison = serializers.PrimaryKeyRelatedField(queryset=Prison.objects.all(), required=False)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    legal_status = serializers.ChoiceField(
        choices=LegalStatus.choices, required=False, help_text=_("Ignored for partner facilitators.")
    )
    presence = serializers.ChoiceField(
        choices=PresenceStatus.choices, required=False, help_text=_("Ignored for partner facilitators.")
    )

    def to_filters(self) -> selectors.DetaineeFilters:
        data = self.validated_data
        return selectors.DetaineeFilters(
            text=data.get("q", ""),
            prison=data["prison"].pk if data.get("prison") else None,
            unit=data["unit"].pk if data.get("unit") else None,
            legal_status=data.get("legal_status", ""),
            presence=data.get("presence", ""),
        )


@extend_schema_field(OpenApiTypes.INT)
class OwnServiceField(serializers.PrimaryKeyRelatedField):
    """One of the reader's own services."""

    def get_queryset(self) -> QuerySet[Organisation]:
        actor: Actor | None = self.context.get("actor")
        ids = actor.service_organisation_ids if actor is not None else frozenset()
        return Organisation.objects.filter(pk__in=ids)


class NoteSerializer(serializers.ModelSerializer):
    organisation = OwnServiceField(
        required=False, help_text=_("Your service the note is for; optional when you work for one service only.")
    )

    class Meta:
        model = DetaineeNote
        fields = ["id", "organisation", "text", "author", "created_at"]
        read_only_fields = ["author", "created_at"]
        extra_kwargs = {"text": {"max_length": 5000}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        actor: Actor = self.context["actor"]
        if "organisation" not in attrs:
            if len(actor.service_organisation_ids) != 1:
                raise serializers.ValidationError({"organisation": [_("Say which of your services the note is for.")]})
            attrs["organisation"] = Organisation.objects.get(pk=next(iter(actor.service_organisation_ids)))
        return attrs


@extend_schema_view(
    list=extend_schema(parameters=[DetaineeFilterSerializer], responses=DETAINEE_FOR_READER),
    retrieve=extend_schema(responses=DETAINEE_FOR_READER),
    create=extend_schema(request=DetaineeSerializer, responses={201: DetaineeSerializer}),
    update=extend_schema(request=DetaineeSerializer, responses=DetaineeSerializer),
    partial_update=extend_schema(request=DetaineeSerializer, responses=DetaineeSerializer),
)
class DetaineeViewSet(ActorViewSet):
    """Detainees of the prisons, scoped like the pages; there is no DELETE (the retention rule anonymises)."""

    queryset = Detainee.objects.none()  # for the schema; reads go through the selectors
    serializer_class = DetaineeSerializer
    filter_backends: list[Any] = []

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "actor": self.actor}

    def _reader(self) -> Actor:
        actor = self.actor
        actor.require(permissions.can_read_detainees(actor), _("Your role gives no access to detainees' data."))
        return actor

    def _read_serializer(self, actor: Actor) -> type[BaseSerializer[Any]]:
        return DetaineeSerializer if permissions.sees_full_identity(actor) else DetaineeShortSerializer

    def list(self, request: Request) -> Response:
        """The detainees the user may read, filtered like the detainee list page."""
        actor = self._reader()
        query = DetaineeFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        detainees = selectors.detainee_list(actor=actor, filters=query.to_filters()).prefetch_related(
            "languages_spoken", "languages_read"
        )
        page = self.paginate_queryset(detainees)
        rows = list(page if page is not None else detainees)
        access_log(
            actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subjects=rows, detail="api list"
        )
        data = self._read_serializer(actor)(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, pk: str) -> Response:
        """One detainee; 404 when it does not exist or the user may not read it."""
        actor = self._reader()
        detainee = selectors.detainee_get(actor=actor, pk=self.url_pk())
        access_log(actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION, subject=detainee)
        return self.answer(detainee, self._read_serializer(actor))

    def create(self, request: Request) -> Response:
        """Record a detainee by hand in a prison where the user's service works."""
        actor = self.actor
        actor.require(permissions.can_manage_detainees(actor))
        serializer = DetaineeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        detainee = services.detainee_create(actor=actor, data=serializer.validated_data)
        return self.answer(detainee, DetaineeSerializer, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        """Correct a detainee's record (not their prison)."""
        actor = self._reader()
        detainee = selectors.detainee_get(actor=actor, pk=self.url_pk())
        actor.require(permissions.can_manage_detainee_in(actor, detainee.prison_id))
        serializer = DetaineeSerializer(
            detainee, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        detainee = services.detainee_update(actor=actor, detainee=detainee, data=serializer.validated_data)
        return self.answer(selectors.detainee_get(actor=actor, pk=detainee.pk), DetaineeSerializer)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(methods=["GET"], responses=NoteSerializer(many=True))
    @extend_schema(methods=["POST"], request=NoteSerializer, responses={201: NoteSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # a person has few notes: one list
    def notes(self, request: Request, pk: str) -> Response:
        """The notes of the user's own services about this detainee (others' stay hidden); POST adds one."""
        actor = self._reader()
        detainee = selectors.detainee_get(actor=actor, pk=self.url_pk())
        actor.require(permissions.can_write_notes(actor), _("Only services keep notes."))
        if request.method == "POST":
            serializer = NoteSerializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            note = services.detainee_note_add(
                actor=actor,
                detainee=detainee,
                organisation=serializer.validated_data["organisation"],
                text=serializer.validated_data["text"],
            )
            return self.answer(note, NoteSerializer, status.HTTP_201_CREATED)
        notes = list(selectors.note_list(actor=actor, detainee=detainee))
        access_log(
            actor=actor, action=AccessAction.VIEW, purpose=AccessPurpose.FOLLOW_UP, subject=detainee, detail="notes"
        )
        return Response(NoteSerializer(notes, many=True, context=self.get_serializer_context()).data)


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("detainees", DetaineeViewSet, basename="detainee")
