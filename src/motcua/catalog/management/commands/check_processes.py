"""motcua check-processes: the process steps nobody can take (exit status 1 when there are some)."""

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.staffing import unstaffed_steps


class Command(BaseCommand):
    help = (
        "List the process steps nobody can take: no active user holds the step's role at its agency "
        "(or above it, agencies below included). Default processes of attached procedures are checked too."
    )

    def handle(self, *args, **options):
        steps = unstaffed_steps()
        for s in steps:
            kind = "default process" if s.default else f"process ({s.channel or 'every channel'})"
            self.stdout.write(
                f"{s.procedure_code}\t{s.process_agency}\t{kind}\tstep {s.position} {s.step}\t"
                f"nobody is {s.role} at {s.agency}"
            )
        if steps:
            raise CommandError(f"{len(steps)} steps nobody can take")
        self.stdout.write(self.style.SUCCESS("every step has someone who may take it"))
