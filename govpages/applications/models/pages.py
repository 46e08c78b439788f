"""The two public pages: the application form (在线申请) and the status query (申请查询).

Neither page holds personal data: a submission becomes a Case, and the pages answer with
``Cache-Control: no-store`` whenever they show anything of a case."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .. import conf, ratelimit
from ..forms import ApplicationForm, StatusQueryForm


def rate_limit_message(limit, window):
    return _(
        "Too many submissions from your network: at most %(limit)d per %(minutes)d minutes. "
        "Please try again later."
    ) % {"limit": limit, "minutes": window // 60}


class ApplicationFormPage(Page):
    """Under a department: applications to that department; elsewhere, the applicant
    chooses among all published departments."""

    intro = RichTextField(gettext_lazy("introduction"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    template = "govpages_applications/application_form_page.html"

    class Meta:
        verbose_name = gettext_lazy("application form for government information")
        verbose_name_plural = gettext_lazy("application forms for government information")

    def departments(self):
        from govpages.models import DepartmentPage
        from govpages.models.department import owning_department

        own = owning_department(self)
        if own is not None:
            return [own]
        return list(DepartmentPage.objects.live().public().order_by("path"))

    def serve(self, request, *args, **kwargs):
        departments = self.departments()
        if request.method != "POST":
            form = ApplicationForm(departments=departments)
            return self.render_form(request, form)
        form = ApplicationForm(request.POST, request.FILES, departments=departments)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        limit, window = conf.get("GOVPAGES_APPLICATIONS_RATE_LIMIT")
        if not ratelimit.allow(request, "submit", limit, window):
            form.add_error(None, rate_limit_message(limit, window))
            return self.render_form(request, form, status=429)
        case, code = self.create_case(form, departments)
        context = self.get_context(request)
        context.update(case=case, code=code)
        response = TemplateResponse(
            request, "govpages_applications/application_received.html", context
        )
        add_never_cache_headers(response)
        return response

    def render_form(self, request, form, status=200):
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def create_case(self, form, departments):
        """The new case and its query code; (the earlier case, None) for a form sent twice."""
        from . import Case

        data = form.cleaned_data
        department = next(d for d in departments if d.pk == data["department"])
        case = Case(
            submission_token=data["token"],
            department=department,
            **{name: data[name] for name in CASE_FIELDS},
            attachment=data["attachment"] or "",
        )
        code = case.set_new_query_code()
        try:
            with transaction.atomic():
                from ..actions import register

                register(case)
        except IntegrityError:
            return Case.objects.get(submission_token=data["token"]), None
        if case.email:
            send_mail(
                _("Your application %(number)s has been received") % {"number": case.number},
                _(
                    "Case number: %(number)s\nQuery code: %(code)s\n"
                    "Keep both to follow your application on the status page."
                )
                % {"number": case.number, "code": code},
                None,
                [case.email],
            )
        return case, code


CASE_FIELDS = [
    "applicant_type",
    "name",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "description",
    "preferred_form",
    "delivery",
]


class ApplicationStatusPage(Page):
    intro = RichTextField(gettext_lazy("introduction"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    template = "govpages_applications/application_status_page.html"

    class Meta:
        verbose_name = gettext_lazy("application status query")
        verbose_name_plural = gettext_lazy("application status queries")

    def serve(self, request, *args, **kwargs):
        context = self.get_context(request)
        status = 200
        if request.method == "POST":
            form = StatusQueryForm(request.POST)
            limit, window = conf.get("GOVPAGES_APPLICATIONS_QUERY_RATE_LIMIT")
            if not ratelimit.allow(request, "query", limit, window):
                form.is_valid()
                form.add_error(None, rate_limit_message(limit, window))
                status = 429
            elif form.is_valid():
                context["case"] = find_case(form.cleaned_data["number"], form.cleaned_data["code"])
                context["not_found"] = context["case"] is None
            else:
                status = 400
        else:
            form = StatusQueryForm()
        context["form"] = form
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        add_never_cache_headers(response)
        return response


def find_case(number, code):
    """The case for a number and its code; None for a wrong code exactly as for no case."""
    from django.contrib.auth.hashers import make_password

    from . import Case

    case = Case.objects.filter(number=number.strip().upper(), anonymised_at__isnull=True).first()
    if case is None:
        make_password(code)  # as long as a check, so timing tells nothing either
        return None
    return case if case.check_query_code(code) else None
