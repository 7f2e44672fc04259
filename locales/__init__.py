"""The catalogues (``<language>/LC_MESSAGES/reclam.po``) and the template ``reclam.pot``.

Clients read French, English or Arabic; staff read French or English. Every message the
code writes has its French entry; the Arabic catalogue has an entry for every message a
client can read, that is every message written in one of these files (a folder ends with
"/"), and a test fails while one is missing or fuzzy. Shared files (the wording, the
domain's errors) are translated whole, staff words included.
"""

#: the client's dialogue, the notices, the survey, the letters and /mydata, the command
#: menus, the shared wording and the domain errors a client can meet
CLIENT_SOURCES = (
    "bots/telegram/commands.py",
    "bots/telegram/dialogue/",
    "bots/telegram/delivery/notices.py",
    "bots/telegram/delivery/notice_texts.py",
    "core/documents/",
    "core/wording.py",
    "core/domain/",
    "core/persistence/complaint_repository.py",
    "core/usecases/add_client_information.py",
    "core/usecases/anonymise_client.py",
    "core/usecases/common.py",
    "core/usecases/export_my_data.py",
    "core/usecases/file_complaint.py",
    "core/usecases/join_chat.py",
    "core/usecases/record_survey_answer.py",
    "core/usecases/register_client.py",
    "core/usecases/reopen_complaint.py",
    "core/usecases/withdraw_complaint.py",
)
