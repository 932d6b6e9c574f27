"""The clinic's starting letter templates, one or more per kind of school letter.

These are seed rows for LetterTemplate; clinic administrators edit them afterwards. Bodies are
Markdown with `{{ name }}` placeholders drawn only from PLACEHOLDERS. The PDF layout adds the
letterhead, date, recipient block, subject line and signature, so bodies hold none of them.
"""

PLACEHOLDERS: dict[str, str] = {
    "student_name": "The student's full name.",
    "student_first_name": "The student's preferred first name.",
    "date_of_birth": "The student's date of birth.",
    "grade": "The student's current grade.",
    "school_name": "The name of the student's school.",
    "recipient_name": "The name of the person the letter is addressed to.",
    "recipient_role": "The recipient's role at school, for example school nurse.",
    "plan_version": "The number of the published accommodation plan version the letter cites.",
    "plan_review_date": "The date by which the cited plan will be reviewed.",
    "plan_items": "A bulleted list of the accommodations in the cited plan (on its own line).",
    "device_name": "The student's implanted device, for example intrathecal pain pump.",
    "device_emergency_steps": "The emergency steps from the student's device card (own line).",
    "clinician_name": "The name of the clinician who signs the letter.",
    "clinic_name": "The clinic's name.",
    "clinic_phone": "The clinic's phone number.",
    "today": "The date the letter is drafted.",
}


def _markdown(*blocks: str) -> str:
    """Join paragraphs, headings and lists into one Markdown body, a blank line between each."""
    return "\n\n".join(blocks) + "\n"


ACCOMMODATION_LETTER = _markdown(
    "Dear {{ recipient_name }},",
    "I am writing on behalf of the pediatric pain team at {{ clinic_name }}, where "
    "{{ student_name }} (date of birth {{ date_of_birth }}, grade {{ grade }}) is in treatment "
    "for chronic pain. Thank you for the support that you and your colleagues at "
    "{{ school_name }} are already giving {{ student_first_name }}. This letter explains our "
    "approach and the accommodations we recommend at school.",
    "## About chronic pain",
    "Chronic pain is pain that has lasted three months or longer. It is real pain, even when "
    "medical tests are normal and the student looks well, and it often changes from day to "
    "day. Over time the nervous system has become more sensitive and keeps sending pain "
    "signals even though normal activity is not causing damage. Worry, poor sleep, stress and "
    "inactivity can all turn the pain up; movement, routine, coping skills and a sense of "
    "accomplishment help turn it down.",
    "## Our approach: staying in school",
    "Our treatment is a rehabilitation approach. The goal is for {{ student_first_name }} to "
    "do more of normal life, including full school days, even while some pain is still "
    "there. Missing school tends to make chronic pain worse: routines and sleep slip, work "
    "piles up, friendships fade, and returning becomes harder each day. Attending school with "
    "the right supports is part of the treatment, not something to wait for until the pain "
    "is gone.",
    "For this reason the most helpful response to pain at school is usually a short, planned "
    "break and a return to class, not a trip home. The accommodations below are written with "
    "that in mind.",
    "## Recommended accommodations",
    "We recommend the following accommodations, as set out in version {{ plan_version }} of "
    "{{ student_first_name }}'s school accommodation plan:",
    "{{ plan_items }}",
    "Please share these with the staff who teach or supervise {{ student_first_name }}, "
    "including substitutes where possible.",
    "## What helps most",
    "- Responding calmly and in the same way each time, as the plan describes.\n"
    "- Noticing and praising participation and effort, rather than asking often about pain.\n"
    "- Letting {{ student_first_name }} use coping skills in class without drawing attention "
    "to them.\n"
    "- Keeping health-office visits short and ending them with a return to class.\n"
    "- Letting the family know early if attendance, work or mood starts to slip.",
    "## Review",
    "We will review this plan by {{ plan_review_date }}, or sooner if things change. Please "
    "keep following this version until you receive an updated one.",
    "If you have questions, please contact {{ clinician_name }} at {{ clinic_name }}, "
    "{{ clinic_phone }}. We are grateful for your partnership in helping "
    "{{ student_first_name }} get back to full, ordinary school days.",
)

RETURN_TO_SCHOOL_LETTER = _markdown(
    "Dear {{ recipient_name }},",
    "{{ student_name }} (grade {{ grade }}) is in treatment with the pediatric pain team at "
    "{{ clinic_name }}. An important goal of that treatment is for {{ student_first_name }} to "
    "return to full-time attendance at {{ school_name }}. I am writing to propose a graded "
    "return: starting with part of the school day and building up, step by step, to full "
    "days.",
    "## Why a graded return",
    "After time away from school, jumping straight back into full days often ends in "
    "exhaustion, a pain flare and another absence. A planned, gradual increase works better. "
    "Each step should feel challenging but achievable. We expect some pain along the way; "
    "pain on its own is not a reason to slow the schedule down, and a hard day is not a "
    "reason to stay home.",
    "## The schedule",
    "The point person at school and the family agree the exact hours. A typical schedule "
    "looks like this:",
    "- **Weeks 1 and 2:** about half a day (for example, the first three periods), every "
    "school day, including at least one core class.\n"
    "- **Weeks 3 and 4:** add one period or about one hour each week, including lunch with "
    "classmates.\n"
    "- **Week 5 onward:** keep adding one period or hour each week until "
    "{{ student_first_name }} attends full days, which we aim to reach within about six to "
    "eight weeks.",
    "A few guidelines make the plan work:",
    "- **Move forward on schedule.** The schedule steps up each week unless our team advises "
    "otherwise. A missed or difficult day does not restart it.\n"
    "- **Keep the same hours each day.** School becomes a routine, and attendance does not "
    "depend on how {{ student_first_name }} feels that morning.\n"
    "- **Come in late rather than not at all.** On a hard morning, arriving for part of the "
    "day is far better than missing the day.\n"
    "- **Focus schoolwork on what is essential.** Teachers mark which missed assignments are "
    "needed to show mastery; the rest can be excused.\n"
    "- **Stay at school when pain rises.** A short rest in a set place, then back to class, "
    "instead of going home.",
    "## Supports during the return",
    "The accommodations in version {{ plan_version }} of {{ student_first_name }}'s plan "
    "support this schedule:",
    "{{ plan_items }}",
    "## Staying in touch",
    "We suggest that the point person and the family review progress briefly each Friday and "
    "agree the next week's hours. If {{ student_first_name }} misses more than two days in a "
    "week, please let the family know so that we can adjust the plan together. We will review "
    "the plan by {{ plan_review_date }}.",
    "If you have questions, please contact {{ clinician_name }} at {{ clinic_name }}, "
    "{{ clinic_phone }}. Thank you for helping {{ student_first_name }} take these steps back "
    "into school.",
)

PE_MODIFICATION_LETTER = _markdown(
    "Dear {{ recipient_name }},",
    "I am writing about physical education for {{ student_name }}, grade {{ grade }} at "
    "{{ school_name }}. {{ student_first_name }} is being treated for chronic pain by our team "
    "at {{ clinic_name }}, and that treatment includes physical therapy.",
    "## Movement is part of the treatment",
    "Regular physical activity is one of the most effective treatments for chronic pain in "
    "children and teens. Rest and avoiding activity may seem kind, but they lead to weaker "
    "muscles, lower stamina and, over time, more pain. For this reason we do **not** "
    "recommend excusing {{ student_first_name }} from PE. Instead, we ask that PE be modified "
    "to match the physical therapy plan, so that {{ student_first_name }} takes part in every "
    "class.",
    "Some pain during and after exercise is expected and is not a sign of injury: with "
    "chronic pain, hurt does not mean harm. If there are activities that must be avoided for "
    "a medical reason, we will say so in writing.",
    "## What we recommend",
    "- **Take part in every class**, using modified or alternative activities when needed, "
    "rather than sitting out.\n"
    "- **Self-pacing**, with short rests of up to three minutes on the side of the gym or "
    "field, then rejoining.\n"
    "- **A gradual increase** in active time each week, in step with physical therapy.\n"
    "- **An active alternative** when an activity is not possible (for example walking, "
    "stretching or exercises from the home program), rather than a seated role for the whole "
    "class.\n"
    "- **Grading on participation, effort and personal goals**, not on timed runs or fitness "
    "test scores, while this plan is in place.",
    "The accommodations in version {{ plan_version }} of {{ student_first_name }}'s plan are:",
    "{{ plan_items }}",
    "## When pain rises during class",
    "Please encourage {{ student_first_name }} to slow down, take a short rest and use a "
    "coping skill such as slow breathing, then rejoin the activity. If that is not enough, "
    "{{ student_first_name }} follows the flare plan in the accommodation plan. A visit to "
    "the health office should be the exception rather than the routine way PE ends.",
    "## If you are unsure",
    "When an activity seems doubtful, the general rule is to modify it rather than exclude "
    "{{ student_first_name }}. You are also welcome to ask the family or call us. We will "
    "review these recommendations by {{ plan_review_date }} as physical therapy progresses.",
    "If you have questions, please contact {{ clinician_name }} at {{ clinic_name }}, "
    "{{ clinic_phone }}. Thank you for helping {{ student_first_name }} stay active and part "
    "of the class.",
)

DEVICE_PRECAUTIONS_LETTER = _markdown(
    "Dear {{ recipient_name }},",
    "{{ student_name }} (date of birth {{ date_of_birth }}, grade {{ grade }}) has an "
    "implanted device ({{ device_name }}) as part of treatment for chronic pain with our "
    "team at {{ clinic_name }}. I am sharing this letter with you as {{ recipient_role }} at "
    "{{ school_name }}. It explains what staff need to know to keep {{ student_first_name }} "
    "safe and what to do in an emergency.",
    "Please share it with the school nurse and with every adult who supervises "
    "{{ student_first_name }}, including PE teachers, coaches, substitutes and field-trip "
    "staff.",
    "## The device in everyday school life",
    "The device sits under the skin and works on its own. On a normal day it needs nothing "
    "from school staff, and with a few precautions {{ student_first_name }} can take part in "
    "nearly all school activities. Staff must never try to adjust, silence, refill or "
    "reprogram the device; only the device clinic does that.",
    "## Emergency steps",
    "{{ device_emergency_steps }}",
    "In any emergency, call 911 first if {{ student_first_name }} has trouble breathing, is "
    "unusually sleepy or hard to wake, is confused, has a seizure or faints. Then call the "
    "family and the device clinic on the number on the device emergency card.",
    "## Everyday precautions",
    "- **Keep the device emergency card at hand.** A copy belongs in the health office and "
    "the emergency file, and goes on every field trip.\n"
    "- **Protect the device site.** No contact sports or activities likely to cause a direct "
    "blow over the device, and nothing pressing on it, such as a tight belt or strap.\n"
    "- **Report changes the same day.** Alarms or beeping, a change in how the device feels, "
    "or redness, swelling, drainage or fever around the site are reported to the family and "
    "the device clinic.\n"
    "- **Follow the card at security gates and near magnets.** Metal detectors, anti-theft "
    "gates, strong magnets and some workshop or lab equipment can affect implanted devices. "
    "The card says what to do; for a stimulator this usually means turning it off first.\n"
    "- **Tell emergency responders about the device.** Hand them the card. The school does "
    "not make decisions about MRI scans, diathermy (deep-heat treatment) or other "
    "procedures; these belong to the treating physicians.",
    "These precautions are part of version {{ plan_version }} of {{ student_first_name }}'s "
    "school accommodation plan, which we will review by {{ plan_review_date }}. The "
    "information in this letter is current as of {{ today }}. If the device or its settings "
    "change, we will send an updated letter and emergency card.",
    "For urgent questions about the device during the school day, call the number on the "
    "emergency card. For questions about this letter, please contact {{ clinician_name }} at "
    "{{ clinic_name }}, {{ clinic_phone }}. Thank you for helping {{ student_first_name }} be "
    "safe and fully included at school.",
)

ABSENCE_EXCUSE_LETTER = _markdown(
    "Dear {{ recipient_name }},",
    "Please excuse {{ student_name }} (date of birth {{ date_of_birth }}, grade {{ grade }}) "
    "for school time missed to attend treatment appointments with the pediatric pain team at "
    "{{ clinic_name }}.",
    "{{ student_first_name }} is in an active treatment program for chronic pain that "
    "includes regular appointments with physical therapy, psychology and medical providers. "
    "These appointments are medically necessary. We ask that absences, late arrivals and "
    "early dismissals for them be recorded as excused for the current treatment period, "
    "through {{ plan_review_date }}. Excused treatment appointments are also part of "
    "{{ student_first_name }}'s school accommodation plan (version {{ plan_version }}).",
    "## What we ask of the school",
    "- Record absences, late arrivals and early dismissals for these appointments as "
    "excused.\n"
    "- Allow missed tests and essential assignments to be made up without penalty.\n"
    "- Welcome {{ student_first_name }} back the same day when an appointment ends during "
    "school hours.",
    "## What the family and our team will do",
    "- Schedule appointments outside school hours, or outside core classes and tests, "
    "whenever possible.\n"
    "- Confirm attendance at an appointment if the school requests it.\n"
    "- Encourage {{ student_first_name }} to return to school after appointments.",
    "Please note that this letter does not excuse absences for pain alone. Our treatment goal "
    "is for {{ student_first_name }} to attend school every day, even on days with pain. If "
    "other absences become frequent, please let the family know so that we can work on it "
    "together.",
    "To protect {{ student_first_name }}'s privacy, this letter shares only what is needed to "
    "excuse these absences. If you have questions, please contact {{ clinician_name }} at "
    "{{ clinic_name }}, {{ clinic_phone }}.",
)

LETTER_TEMPLATES: list[dict[str, str]] = [
    {
        "code": "accommodation-letter",
        "kind": "accommodation",
        "title": "Accommodation letter",
        "subject": "School accommodations for {{ student_name }}",
        "body": ACCOMMODATION_LETTER,
    },
    {
        "code": "graded-return-to-school",
        "kind": "return_to_school",
        "title": "Graded return-to-school plan",
        "subject": "Graded return to school for {{ student_name }}",
        "body": RETURN_TO_SCHOOL_LETTER,
    },
    {
        "code": "pe-modification",
        "kind": "pe_modification",
        "title": "PE modification letter",
        "subject": "Physical education plan for {{ student_name }}",
        "body": PE_MODIFICATION_LETTER,
    },
    {
        "code": "device-precautions",
        "kind": "device_precautions",
        "title": "Implanted device precautions and emergency steps",
        "subject": "Implanted device precautions for {{ student_name }}",
        "body": DEVICE_PRECAUTIONS_LETTER,
    },
    {
        "code": "appointment-absence-excuse",
        "kind": "absence_excuse",
        "title": "Appointment and absence excuse",
        "subject": "Excused absences for treatment: {{ student_name }}",
        "body": ABSENCE_EXCUSE_LETTER,
    },
]
