"""The filing questions, one per message, in the order they are asked.

Each step asks, then takes an answer: ``take`` returns the next step's name, or None to
stay (it then said why); it raises InvalidInput when the answer breaks a rule, and the
question is asked again."""

from __future__ import annotations

from bots.telegram.dialogue.filing_base import Step
from bots.telegram.dialogue.filing_identity import (
    ask_category,
    ask_name,
    ask_name_input,
    ask_when,
    ask_when_date,
    file_number,
    optional_question,
    take_category,
    take_name,
    take_name_input,
    take_optional,
    take_when,
    take_when_date,
)
from bots.telegram.dialogue.filing_story import (
    ask_description,
    ask_person,
    ask_person_other,
    ask_solution,
    ask_solution_other,
    ask_where,
    ask_where_other,
    take_description,
    take_person,
    take_person_other,
    take_solution,
    take_solution_other,
    take_where,
    take_where_other,
)
from core.domain.errors import N_
from core.domain.people import validate_email, validate_phone

STEPS: dict[str, Step] = {
    "name": Step(ask_name, take_name),
    "name_input": Step(ask_name_input, take_name_input),
    "phone": Step(
        optional_question(N_("Your phone number (optional).")),
        take_optional("phone", validate_phone, "email"),
    ),
    "email": Step(
        optional_question(
            N_(
                "Your email address (optional). It will receive a copy of the "
                "acknowledgement of your complaint."
            )
        ),
        take_optional("email", validate_email, "file_number"),
    ),
    "file_number": Step(
        optional_question(N_("Your student file number, if you know it (optional).")),
        take_optional("file_number", file_number, "category"),
    ),
    "category": Step(ask_category, take_category),
    "when": Step(ask_when, take_when),
    "when_date": Step(ask_when_date, take_when_date),
    "where": Step(ask_where, take_where),
    "where_other": Step(ask_where_other, take_where_other),
    "person": Step(ask_person, take_person),
    "person_other": Step(ask_person_other, take_person_other),
    "description": Step(ask_description, take_description),
    "solution": Step(ask_solution, take_solution),
    "solution_other": Step(ask_solution_other, take_solution_other),
}
FIRST_STEP = "name"
