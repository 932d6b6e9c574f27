"""The clinic's starting library of school accommodations for children with chronic pain.

These are seed rows for AccommodationTemplate. Clinic administrators edit them in the database
afterwards, so the text here is a sensible default, not the final word. The approach is
functional restoration: every item is meant to keep the student in school and in class, with
pain handled there rather than by going home.
"""

CATEGORY_LABELS: dict[str, str] = {
    "attendance": "Attendance and schedule",
    "physical_activity": "Physical activity and PE",
    "mobility": "Mobility and environment",
    "self_management": "Pain self-management in class",
    "health_office": "Health office and medication",
    "academics": "Academics and testing",
    "social_emotional": "Social-emotional",
    "device": "Implanted device",
}

IMPLEMENTER_LABELS: dict[str, str] = {
    "all_staff": "All staff",
    "teachers": "Teachers",
    "pe_teacher": "PE teacher",
    "nurse": "School nurse",
    "counselor": "Counselor",
}

CATALOG: list[dict[str, str]] = [
    # Attendance and schedule
    {
        "code": "graded-return-to-school",
        "category": "attendance",
        "title": "Graded return-to-school schedule",
        "default_details": (
            "The student starts at a set part of the day (for example, the first three "
            "periods) and adds about one period or one hour each week until the full day is "
            "reached. The point person and the family review progress every Friday. The "
            "schedule moves forward each week unless the care team says otherwise; a missed "
            "day does not restart it."
        ),
        "rationale": (
            "After a long absence, a full day at once usually ends in another absence. "
            "Building up in small, planned steps lets stamina catch up while school stays a "
            "daily routine, and being in school is itself part of the treatment."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "school-point-person",
        "category": "attendance",
        "title": "One named point person at school",
        "default_details": (
            "One staff member (often the school nurse or counselor) coordinates this plan: "
            "shares it with teachers, is the contact for the family and the clinic, and is "
            "the person the student goes to on a hard day. A backup is named for days the "
            "point person is out."
        ),
        "rationale": (
            "When everyone is a little responsible, no one is. One person who knows the plan "
            "keeps responses consistent across classes and gives the student a trusted adult "
            "to turn to instead of calling home."
        ),
        "implementer": "counselor",
    },
    {
        "code": "excused-therapy-appointments",
        "category": "attendance",
        "title": "Excused absences for treatment appointments",
        "default_details": (
            "Absences, late arrivals and early dismissals for physical therapy, psychology "
            "and medical appointments are excused with a note from the clinic or family. The "
            "family schedules appointments outside core classes and tests when possible, and "
            "the student returns to school after an appointment when time allows."
        ),
        "rationale": (
            "Treatment is what makes a full school day possible again. Excusing these visits "
            "keeps the student from falling behind on attendance records for doing exactly "
            "what they need to do to get better."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "late-arrival-over-absence",
        "category": "attendance",
        "title": "Late arrival instead of a missed day",
        "default_details": (
            "On a morning with high pain or after a poor night's sleep, the student may arrive "
            "up to two hours late without penalty, checking in with the front office and the "
            "point person. Coming in late is always encouraged over staying home. Late "
            "arrivals are counted and reviewed with the family each week."
        ),
        "rationale": (
            "A bad morning does not have to become a lost day. Coming in for part of the day "
            "keeps the routine going and prevents the cycle where each missed day makes the "
            "next one harder."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "re-entry-meeting-after-absence",
        "category": "attendance",
        "title": "Short re-entry meeting after an absence",
        "default_details": (
            "After an absence of two or more days, the point person meets the student for "
            "10 minutes on the first morning back to go over the day's schedule, which work "
            "is essential, and where to go if pain rises."
        ),
        "rationale": (
            "Coming back to a pile of missed work and questions from classmates is a common "
            "reason students avoid returning. A short, predictable welcome-back plan lowers "
            "that worry."
        ),
        "implementer": "counselor",
    },
    {
        "code": "weekly-attendance-review",
        "category": "attendance",
        "title": "Weekly attendance shared with the family and care team",
        "default_details": (
            "The point person shares the week's attendance (full days, partial days, missed "
            "days and health-office visits) with the family each week. Three or more missed "
            "days in two weeks prompts a call between the school, the family and the clinic "
            "to adjust the plan."
        ),
        "rationale": (
            "Attendance is the clearest measure of how the plan is working. Catching a "
            "slide early means the plan can change before the student falls far behind."
        ),
        "implementer": "counselor",
    },
    # Physical activity and PE
    {
        "code": "pe-modified-to-pt-plan",
        "category": "physical_activity",
        "title": "PE modified to the physical therapy plan",
        "default_details": (
            "The student takes part in every PE class with the changes written in the "
            "physical therapist's plan (for example, walking instead of running laps, "
            "low-impact stations, lighter weights). Sitting out the whole class is not the "
            "goal: when an activity is not possible, the PE teacher offers an alternative from "
            "the plan, such as the student's home exercise program."
        ),
        "rationale": (
            "Regular movement is one of the most effective treatments for chronic pain, and "
            "avoiding activity tends to make pain and deconditioning worse. Matching PE to "
            "the therapy plan keeps the student moving safely and with classmates."
        ),
        "implementer": "pe_teacher",
    },
    {
        "code": "pe-self-paced-effort",
        "category": "physical_activity",
        "title": "Self-paced effort with short rests in PE",
        "default_details": (
            "The student sets their own pace and may take a rest of up to three minutes "
            "during activity, then rejoins. Rests are taken on the side of the gym or field, "
            "not in the locker room or health office."
        ),
        "rationale": (
            "Pacing (doing a steady amount and resting briefly before pain spikes) is a skill "
            "the student is learning in therapy. A short rest that ends in rejoining builds "
            "confidence; leaving the class does not."
        ),
        "implementer": "pe_teacher",
    },
    {
        "code": "pe-graded-participation",
        "category": "physical_activity",
        "title": "Gradual increase in PE participation",
        "default_details": (
            "Active participation increases on the physical therapist's schedule, for "
            "example 15 minutes of activity in the first week, then 5 more minutes each week "
            "until the full class. The student spends the rest of the class in a lighter role "
            "(stretching, keeping score, equipment set-up), staying with the class."
        ),
        "rationale": (
            "Bodies that have been inactive need time to rebuild strength and endurance. "
            "Small weekly increases make progress steady and avoid the boom-and-bust pattern "
            "of overdoing it and then stopping altogether."
        ),
        "implementer": "pe_teacher",
    },
    {
        "code": "pe-graded-on-participation",
        "category": "physical_activity",
        "title": "PE graded on participation and effort",
        "default_details": (
            "While this plan is in place, the PE grade is based on participation in the "
            "modified activities, effort and personal goals, not on timed runs, fitness test "
            "scores or comparison with classmates."
        ),
        "rationale": (
            "Grading on standard fitness scores penalizes the student for their medical "
            "condition and can push them to sit out. Grading on participation rewards the "
            "behavior that helps them recover."
        ),
        "implementer": "pe_teacher",
    },
    {
        "code": "recess-with-peers",
        "category": "physical_activity",
        "title": "Recess and breaks outside with classmates",
        "default_details": (
            "The student goes outside for recess and lunch breaks with classmates and is not "
            "kept indoors because of pain alone. A quieter option (walking, a bench, board "
            "games) is available when needed."
        ),
        "rationale": (
            "Recess is movement and friendship at the same time. Keeping the student inside "
            "separates them from peers and takes away gentle activity that helps."
        ),
        "implementer": "teachers",
    },
    {
        "code": "field-trips-and-activities-included",
        "category": "physical_activity",
        "title": "Included in field trips and activities, with advance notice",
        "default_details": (
            "The student joins field trips, sports days and clubs. Staff tell the family at "
            "least a week ahead about long walks, hikes or other demanding activities so "
            "pacing can be planned; a seat or rest point is arranged rather than leaving the "
            "student behind."
        ),
        "rationale": (
            "Being left out of shared events is isolating and signals that the student is "
            "too fragile to take part. With a little planning, almost every activity can "
            "include them."
        ),
        "implementer": "teachers",
    },
    # Mobility and environment
    {
        "code": "elevator-pass",
        "category": "mobility",
        "title": "Elevator pass",
        "default_details": (
            "The student may use the elevator, with one classmate as a companion if they "
            "wish, on days when stairs are too painful. The student is still encouraged to "
            "take the stairs when able, as practiced in physical therapy. The pass is "
            "reviewed at each plan review."
        ),
        "rationale": (
            "Stairs can be one of the hardest parts of the school day with leg, back or "
            "widespread pain. The pass keeps the student moving between classes on time "
            "without turning a flight of stairs into a reason to stay home."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "extra-passing-time",
        "category": "mobility",
        "title": "Extra passing time: leave class a few minutes early",
        "default_details": (
            "The student may leave each class three to five minutes early to reach the next "
            "class before the halls fill, and is not marked tardy when arriving up to five "
            "minutes late."
        ),
        "rationale": (
            "Crowded hallways mean bumps, rushing and carrying a heavy bag at speed, all of "
            "which can increase pain. A few extra minutes lets the student move at a steady, "
            "comfortable pace."
        ),
        "implementer": "teachers",
    },
    {
        "code": "second-set-of-books",
        "category": "mobility",
        "title": "A second set of books at home, or digital textbooks",
        "default_details": (
            "The student has a second set of textbooks at home, or access to digital "
            "versions, so that books stay at school and the backpack stays light (ideally "
            "under 10 percent of body weight)."
        ),
        "rationale": (
            "Carrying a heavy backpack strains the back, shoulders and neck. Removing that "
            "load is a simple way to take away one daily trigger for pain."
        ),
        "implementer": "teachers",
    },
    {
        "code": "seating-and-changing-position",
        "category": "mobility",
        "title": "Preferential seating and permission to stand or change position",
        "default_details": (
            "The student sits near the door or at the end of a row and may stand at the back "
            "of the room, use a standing desk, or shift position when needed, without asking "
            "and without it being treated as a behavior problem."
        ),
        "rationale": (
            "Sitting still for a long time stiffens muscles and raises pain. Being able to "
            "change position quietly lets the student stay in the room and keep learning."
        ),
        "implementer": "teachers",
    },
    {
        "code": "convenient-locker",
        "category": "mobility",
        "title": "Locker near main classes",
        "default_details": (
            "The student is assigned a locker close to most of their classes, at waist or "
            "shoulder height (not a bottom locker), or a second locker if classes are far "
            "apart."
        ),
        "rationale": (
            "Long trips and bending to a low locker several times a day add up. A well-placed "
            "locker saves energy for learning."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "supportive-seating",
        "category": "mobility",
        "title": "Cushion, footrest or supportive chair",
        "default_details": (
            "The student may use a seat cushion, a footrest or a chair with back support in "
            "class, at lunch and during assemblies. The family may send the items in."
        ),
        "rationale": (
            "Hard, unsupportive seats increase back, hip and pelvic pain over a long day. "
            "Small comfort aids are cheap and let the student stay seated with classmates."
        ),
        "implementer": "teachers",
    },
    {
        "code": "temperature-and-layers",
        "category": "mobility",
        "title": "Layers and seating away from drafts",
        "default_details": (
            "The student may wear extra layers, a jacket or gloves in class, and sits away "
            "from air-conditioning vents, windows and drafty doors."
        ),
        "rationale": (
            "For some pain conditions, especially complex regional pain syndrome (CRPS), "
            "cold can sharply increase pain. Staying warm is a simple, practical help."
        ),
        "implementer": "teachers",
    },
    {
        "code": "restroom-access",
        "category": "mobility",
        "title": "Restroom access without asking",
        "default_details": (
            "The student may leave class for the restroom at any time with a discreet signal "
            "(for example, a card placed on the desk), and may use the restroom closest to "
            "the classroom or the one in the health office."
        ),
        "rationale": (
            "Students with abdominal pain or bowel symptoms may need the restroom urgently. "
            "Not having to ask aloud removes embarrassment and worry that can themselves make "
            "symptoms worse."
        ),
        "implementer": "teachers",
    },
    # Pain self-management in class
    {
        "code": "coping-skills-in-class",
        "category": "self_management",
        "title": "Coping skills allowed in class",
        "default_details": (
            "The student may use the coping skills practiced in therapy at their desk without "
            "asking: slow diaphragmatic breathing, brief stretching, sipping water, a heat or "
            "cold pack, a quiet fidget item, or headphones for a short relaxation recording "
            "during independent work. Staff do not comment on it in front of the class."
        ),
        "rationale": (
            "These skills work best when used early, as pain starts to rise, and right where "
            "the student is. Allowing them in class means the student can manage pain and "
            "keep learning instead of leaving the room."
        ),
        "implementer": "teachers",
    },
    {
        "code": "relaxation-audio",
        "category": "self_management",
        "title": "Headphones for a short relaxation recording",
        "default_details": (
            "During independent work, study hall or lunch, the student may listen to a guided "
            "relaxation or imagery recording of up to five minutes with headphones, then "
            "return to the task."
        ),
        "rationale": (
            "Relaxation practice lowers muscle tension and the stress response that turns "
            "pain up. A few minutes with a familiar recording is often enough to get back on "
            "track."
        ),
        "implementer": "teachers",
    },
    {
        "code": "in-class-reset-break",
        "category": "self_management",
        "title": "Short reset break inside or just outside the classroom",
        "default_details": (
            "Using a discreet signal agreed with each teacher, the student may step to a set "
            "spot at the back of the room or just outside the door for two to five minutes "
            "to stretch or breathe, then return to their seat."
        ),
        "rationale": (
            "A brief pause close by is often all that is needed, and it avoids the longer "
            "trip to the health office. A private signal keeps attention off the student."
        ),
        "implementer": "teachers",
    },
    {
        "code": "movement-during-long-seated-work",
        "category": "self_management",
        "title": "Movement breaks during long seated work",
        "default_details": (
            "In long lessons, tests or assemblies, the student may stand, stretch or walk to "
            "the back of the room about every 20 to 30 minutes."
        ),
        "rationale": (
            "Regular, planned movement prevents the stiffness and pain build-up that comes "
            "from holding one position, so the student can stay in the lesson."
        ),
        "implementer": "teachers",
    },
    {
        "code": "water-and-snacks",
        "category": "self_management",
        "title": "Water bottle and small snacks",
        "default_details": (
            "The student may keep a water bottle at their desk in every class and eat a small "
            "snack when needed, especially with medication or before PE."
        ),
        "rationale": (
            "Dehydration and hunger can trigger headaches and increase pain and fatigue. Some "
            "medicines also need to be taken with food."
        ),
        "implementer": "teachers",
    },
    {
        "code": "pain-flare-plan",
        "category": "self_management",
        "title": "Written plan for pain flares at school",
        "default_details": (
            "When pain rises, the student follows these steps. 1: use a coping skill in class "
            "for about five minutes. 2: if pain is still too high to focus, take a reset "
            "break or go to the health office. 3: rest there for up to 15 minutes using the "
            "same skills, then return to class. The nurse contacts the family only under the "
            "conditions in the health-office section of this plan."
        ),
        "rationale": (
            "Flares are expected and are not a sign of harm. A clear, rehearsed plan lets the "
            "student and staff act calmly and the same way every time, and keeps a flare from "
            "ending the school day."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "focus-on-function-not-pain",
        "category": "self_management",
        "title": "Staff focus on what the student is doing, not on pain levels",
        "default_details": (
            'Staff ask how the student is managing ("What\'s helping today?") rather than '
            "how much it hurts, notice and praise participation and effort, and avoid "
            "repeated pain checks or offers to go to the nurse."
        ),
        "rationale": (
            "Kind but frequent questions about pain keep attention on the pain and can make "
            "it feel worse. Attention to coping and participation supports the skills the "
            "student is building in treatment."
        ),
        "implementer": "all_staff",
    },
    # Health office and medication
    {
        "code": "rest-break-in-set-place",
        "category": "health_office",
        "title": "Rest break in a set place instead of going home",
        "default_details": (
            "When in-class coping is not enough, the student rests in the health office or a "
            "quiet room named by the school, for up to 15 minutes, no more than two times a "
            "day. The student signs in and out, and uses the time to practice coping skills "
            "rather than to sleep."
        ),
        "rationale": (
            "A short rest in a known place is a tool for getting back to class. Setting the "
            "place, length and number ahead of time keeps rest breaks from stretching into "
            "lost class time or a trip home."
        ),
        "implementer": "nurse",
    },
    {
        "code": "return-to-class-after-visit",
        "category": "health_office",
        "title": "Back to class within 15 to 20 minutes of a health-office visit",
        "default_details": (
            "After a health-office visit, the student returns to class within 15 to 20 "
            "minutes with a pass. The nurse offers water, a heat or cold pack, and a quiet "
            "spot to practice coping skills, and sends the student back at the end of the "
            "time even if some pain remains."
        ),
        "rationale": (
            "Pain usually does not go away completely, and waiting until it does means missing "
            "most of the day. Returning while some pain remains is how the student learns "
            "that they can function with it."
        ),
        "implementer": "nurse",
    },
    {
        "code": "limit-going-home-for-pain",
        "category": "health_office",
        "title": "Going home only for set reasons, not for pain alone",
        "default_details": (
            "The nurse does not send the student home or call home for pain alone. The "
            "student goes home only for fever of 100.4°F or higher, vomiting, a new injury, "
            "symptoms that are different from their usual pain, or as the care team's flare "
            "plan states. The family agrees not to pick the student up early for pain."
        ),
        "rationale": (
            "Going home for pain brings short relief but teaches that school is unsafe on a "
            "pain day, which leads to more absences and more pain over time. Clear reasons "
            "for going home protect the student's health and their school day."
        ),
        "implementer": "nurse",
    },
    {
        "code": "medication-per-prescriber",
        "category": "health_office",
        "title": "Medication at school per the prescriber's orders",
        "default_details": (
            "The nurse gives medication at school only as written on the prescriber's "
            "medication authorization form, including any as-needed doses and their "
            "conditions. Each dose is recorded with time and reason, and as-needed use is "
            "shared with the family weekly."
        ),
        "rationale": (
            "Many pain medicines work best on a regular schedule, and as-needed doses have "
            "limits. Following the written order exactly, and tracking use, keeps treatment "
            "safe and tells the care team how often extra help is needed."
        ),
        "implementer": "nurse",
    },
    {
        "code": "health-office-visit-log",
        "category": "health_office",
        "title": "Health-office visit log",
        "default_details": (
            "The nurse records each visit: time in and out, what the student tried, what "
            "helped, and whether they returned to class. A weekly summary goes to the family "
            "so they can share it with the care team."
        ),
        "rationale": (
            "Patterns (a certain class, time of day or day of the week) help the care team "
            "adjust treatment and the plan. A simple log makes those patterns visible."
        ),
        "implementer": "nurse",
    },
    {
        "code": "new-symptoms-assessed",
        "category": "health_office",
        "title": "New or different symptoms are checked as for any student",
        "default_details": (
            "This plan covers the student's known, usual pain. Pain that is new, in a new "
            "place, after an injury, or comes with fever, swelling, redness, weakness, "
            "numbness or other new signs is assessed by the nurse as for any other student, "
            "and the family is called."
        ),
        "rationale": (
            "Having chronic pain does not protect a child from other illness or injury. The "
            "plan guides the response to familiar pain; it never replaces the nurse's "
            "clinical judgment."
        ),
        "implementer": "nurse",
    },
    # Academics and testing
    {
        "code": "extended-time",
        "category": "academics",
        "title": "Extended time on tests and assignments",
        "default_details": (
            "The student receives time and a half on tests and quizzes, and may agree new "
            "deadlines for major assignments with the teacher in advance, usually up to "
            "three extra school days."
        ),
        "rationale": (
            "Pain, fatigue and some medicines slow thinking and writing. Extra time lets the "
            "student show what they know rather than how they feel that day."
        ),
        "implementer": "teachers",
    },
    {
        "code": "reduced-workload-make-up",
        "category": "academics",
        "title": "Flexible make-up work with a reduced-workload plan",
        "default_details": (
            "For work missed during absences or partial days, each teacher marks which "
            "assignments are essential to show mastery; the rest is excused. The point person "
            "and the student agree on a written catch-up schedule with dates, reviewed every "
            "two weeks."
        ),
        "rationale": (
            "A mountain of make-up work is one of the biggest sources of stress for students "
            "returning to school, and stress makes pain worse. Focusing on essential work "
            "keeps learning on track without overwhelming the student."
        ),
        "implementer": "teachers",
    },
    {
        "code": "separate-testing-room",
        "category": "academics",
        "title": "Testing in a separate, quiet room",
        "default_details": (
            "The student may take tests in a separate, quiet room where they can stand, "
            "stretch or change position, and use coping skills without disturbing others."
        ),
        "rationale": (
            "Pain and the worry of being watched while managing it can both get in the way "
            "during tests. A quiet room lets the student use the strategies that help."
        ),
        "implementer": "teachers",
    },
    {
        "code": "stop-the-clock-test-breaks",
        "category": "academics",
        "title": "Stop-the-clock breaks during tests",
        "default_details": (
            "During tests the student may take breaks of up to five minutes with the clock "
            "stopped, for stretching, breathing or the restroom."
        ),
        "rationale": (
            "Sitting through a long test can raise pain steadily. Short breaks that do not cost "
            "test time keep the student focused on the questions."
        ),
        "implementer": "teachers",
    },
    {
        "code": "class-notes-provided",
        "category": "academics",
        "title": "Copies of class notes or slides",
        "default_details": (
            "The student receives copies of class notes or slides for lessons missed because "
            "of appointments or partial days, and on days when writing is painful."
        ),
        "rationale": (
            "Missed lessons are hard to recover from a friend's notes. Reliable notes let the "
            "student keep up without having to repeat the lesson."
        ),
        "implementer": "teachers",
    },
    {
        "code": "alternatives-to-handwriting",
        "category": "academics",
        "title": "Typing or speech-to-text instead of long handwriting",
        "default_details": (
            "For long written work, the student may type, use speech-to-text, or give answers "
            "orally. Short handwriting practice continues as set by the occupational "
            "therapist."
        ),
        "rationale": (
            "Hand, arm and neck pain (for example with CRPS) can make long handwriting very "
            "painful. Another way of writing lets the student show their learning while "
            "therapy works on the hand."
        ),
        "implementer": "teachers",
    },
    {
        "code": "one-major-test-per-day",
        "category": "academics",
        "title": "No more than one major test a day",
        "default_details": (
            "While catching up, the student takes no more than one major test or exam on any "
            "day. The point person helps the student and teachers set a testing calendar."
        ),
        "rationale": (
            "Several big tests in one day on top of pain and make-up work overloads the "
            "student and makes a pain flare more likely."
        ),
        "implementer": "teachers",
    },
    # Social-emotional
    {
        "code": "counselor-check-ins",
        "category": "social_emotional",
        "title": "Regular check-ins with the school counselor",
        "default_details": (
            "The student meets the school counselor for about 15 minutes once a week (more "
            "often during the first month back) to talk about how school is going, practice "
            "coping skills, and solve problems early."
        ),
        "rationale": (
            "Chronic pain often comes with worry, low mood and school stress, which in turn "
            "make pain worse. A steady, planned check-in catches problems before they turn "
            "into missed days."
        ),
        "implementer": "counselor",
    },
    {
        "code": "peer-explanation-and-privacy",
        "category": "social_emotional",
        "title": "Privacy and a plan for what to tell classmates",
        "default_details": (
            "The student decides what classmates are told. Staff do not discuss the student's "
            "health in front of others. The student practices a short answer for questions "
            '(for example, "I have a medical condition and I\'m working on getting stronger"), '
            "and staff redirect curious classmates kindly."
        ),
        "rationale": (
            "Questions about accommodations can feel exposing and may lead students to give up "
            "supports they need. Privacy and a ready answer protect dignity and friendships."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "staying-connected-with-peers",
        "category": "social_emotional",
        "title": "Support to stay connected with friends",
        "default_details": (
            "Staff help the student rejoin friends, clubs and activities: a lunch group or "
            "buddy in the first weeks back, a role in a club or team even when full "
            "participation is not yet possible."
        ),
        "rationale": (
            "Time away from school often means losing touch with friends. Friendships are a "
            "strong reason to come to school and one of the best protections against "
            "low mood."
        ),
        "implementer": "counselor",
    },
    {
        "code": "believing-consistent-response",
        "category": "social_emotional",
        "title": "A believing, consistent response from every adult",
        "default_details": (
            "Staff treat the pain as real and respond the same way each time, following this "
            'plan. They avoid comments such as "You don\'t look sick" or "You were fine '
            'yesterday", and encourage the student to keep going.'
        ),
        "rationale": (
            "Chronic pain is invisible and changes from day to day. Feeling doubted is "
            "distressing and can push a student to prove their pain by doing less. Belief "
            "plus encouragement helps them do more."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "school-stress-plan",
        "category": "social_emotional",
        "title": "Help planning for stressful school events",
        "default_details": (
            "Before exams, presentations or other stressful events, the counselor helps the "
            "student break the work into steps and plan which coping skills to use. Staff "
            "watch for teasing or exclusion and act on it promptly."
        ),
        "rationale": (
            "Stress and pain feed each other. Planning ahead for known pressure points keeps "
            "stress from setting off a flare or an absence."
        ),
        "implementer": "counselor",
    },
    {
        "code": "quiet-lunch-option",
        "category": "social_emotional",
        "title": "A quieter place for lunch on hard days",
        "default_details": (
            "On hard days the student may eat lunch with one or two friends in a quieter room "
            "(library, counselor's office) instead of the cafeteria, then rejoins the usual "
            "schedule."
        ),
        "rationale": (
            "A loud, crowded cafeteria can be overwhelming when pain is high. A calm lunch "
            "with friends restores energy for the afternoon without isolating the student."
        ),
        "implementer": "counselor",
    },
    # Implanted device
    {
        "code": "device-card-and-who-to-call",
        "category": "device",
        "title": "Device emergency card and who to call",
        "default_details": (
            "A copy of the student's device emergency card is kept in the health office, in "
            "the emergency file, and goes with the student on field trips. It lists the "
            "device, the device clinic's 24-hour number, the family's numbers, warning signs "
            "and what not to do. The nurse shares it with staff who supervise the student."
        ),
        "rationale": (
            "In an urgent situation, the right phone number and a short list of steps save "
            "time. Everyone who supervises the student needs to know where the card is."
        ),
        "implementer": "nurse",
    },
    {
        "code": "pump-site-protection",
        "category": "device",
        "title": "Pump: no contact sports or pressure over the pump site",
        "default_details": (
            "The student does not take part in tackling, contact sports or activities likely "
            "to cause a direct blow to the abdomen where the pump sits. Nothing presses on "
            "the pump site: no tight belts or straps across it, no lying face-down on it, "
            "and backpack straps are adjusted to stay clear. Non-contact options are offered "
            "in PE instead of sitting out."
        ),
        "rationale": (
            "A hard blow or steady pressure over the pump can damage it, its catheter or the "
            "skin over it. Protecting the site lets the student stay active safely."
        ),
        "implementer": "pe_teacher",
    },
    {
        "code": "pump-alarms",
        "category": "device",
        "title": "Pump: what to do when the pump alarms",
        "default_details": (
            "If the pump beeps or alarms, the student tells the nurse right away and the nurse "
            "calls the pump clinic on the number on the device card, then the family. A "
            "low-reservoir (refill) alarm is not an emergency on its own but must be "
            "reported to the family and pump clinic the same day. School staff never try to "
            "silence, adjust, refill or reprogram the pump."
        ),
        "rationale": (
            "Alarms warn of a low reservoir, a low battery or a problem with delivery. Only "
            "the pump clinic can tell which, and an interruption in medicine delivery can "
            "cause withdrawal, so alarms are always reported quickly."
        ),
        "implementer": "nurse",
    },
    {
        "code": "pump-overdose-withdrawal-signs",
        "category": "device",
        "title": "Pump: signs of overdose or withdrawal",
        "default_details": (
            "Possible overdose: unusual sleepiness, hard to wake, slow or shallow breathing, "
            "confusion, very small pupils, dizziness or fainting. Call 911, then the pump "
            "clinic; give naloxone if prescribed and the school's protocol allows. Possible "
            "withdrawal: a sudden rise in pain, itching, sweating, fast heartbeat, "
            "restlessness, muscle spasms, fever or confusion. Call the pump clinic and the "
            "family at once; call 911 if the student is very unwell. The device card lists "
            "the medicine in the pump and any signs specific to it."
        ),
        "rationale": (
            "The pump delivers strong medicine directly to the spinal fluid. Too much or a "
            "sudden stop can both be dangerous, and recognizing the early signs lets help "
            "arrive in time."
        ),
        "implementer": "nurse",
    },
    {
        "code": "device-emergency-responders-informed",
        "category": "device",
        "title": "Emergency responders told about the implant; no imaging decisions at school",
        "default_details": (
            "If the student needs emergency care, staff tell responders that the student has "
            "an implanted device and hand over the device card. The school does not make or "
            "arrange decisions about MRI scans, diathermy (deep-heat treatment) or other "
            "procedures; these belong to the treating physicians and the device clinic."
        ),
        "rationale": (
            "Some scans and heat treatments can harm a person with an implanted pump or "
            "stimulator. Responders and hospitals need to know about the device, and only "
            "the device team can decide what is safe."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "stimulator-off-near-equipment",
        "category": "device",
        "title": "Stimulator: turn off before security gates and strong magnets",
        "default_details": (
            "Before walking through a metal detector, a security or anti-theft gate, or "
            "working near strong magnets, welding or other industrial equipment (for example "
            "in shop or a science lab), the student turns stimulation off with the patient "
            "remote as the device card describes, walks through without stopping, and turns "
            "it back on afterwards. The student may show the device card instead of being "
            "searched with a hand-held wand."
        ),
        "rationale": (
            "Strong magnetic fields and some equipment can change a stimulator's settings or "
            "cause a sudden jolt of stimulation. Turning it off for a moment prevents this."
        ),
        "implementer": "all_staff",
    },
    {
        "code": "stimulator-charger-access",
        "category": "device",
        "title": "Stimulator: charger and remote access at school",
        "default_details": (
            "If the stimulator is rechargeable, the student may charge it at school in a "
            "private place (the health office) during a study period or lunch. The patient "
            "remote and a spare charger may be kept in the health office."
        ),
        "rationale": (
            "A stimulator that runs out of charge stops helping with pain. Having the charger "
            "and remote at hand keeps it working through the school day."
        ),
        "implementer": "nurse",
    },
    {
        "code": "stimulator-sudden-change",
        "category": "device",
        "title": "Stimulator: what to do if stimulation changes suddenly",
        "default_details": (
            "If stimulation suddenly feels much stronger, jolting, or stops, the student turns "
            "it off with the remote and goes to the nurse. The nurse calls the family and the "
            "device clinic on the device card; the student returns to class once "
            "comfortable. New weakness or numbness in the legs, loss of bladder or bowel "
            "control, or redness, swelling, drainage or fever at the implant site: call the "
            "family and device clinic at once, and 911 if severe."
        ),
        "rationale": (
            "Sudden changes usually mean the device needs checking, not an emergency, but a "
            "few signs point to problems that need urgent medical care. Knowing which is "
            "which avoids both panic and delay."
        ),
        "implementer": "nurse",
    },
    {
        "code": "device-activity-limits-after-implant",
        "category": "device",
        "title": "Activity limits after an implant or revision, per the surgeon",
        "default_details": (
            "For the period the surgeon sets after an implant or device revision (usually six "
            "to eight weeks), the student avoids the movements on the device card, for "
            "example bending, twisting, lifting more than five pounds or reaching overhead. "
            "The end date is written on the device card; after it, PE follows the physical "
            "therapy plan."
        ),
        "rationale": (
            "In the first weeks the device's wires or catheter are still settling in place and "
            "can move with strain. Following the surgeon's limits for a short time protects "
            "the device for the long term."
        ),
        "implementer": "pe_teacher",
    },
]
