//! `cairn collate`: answer files of a scoring form put together into one table, as Markdown or
//! CSV, with wrong files skipped and named.

use crate::common;

use common::{Fixture, SITE_TOML, stderr};

const FORM: &str = r#"---
title: "Meeting check"
version: 1
scales:
  - id: yn
    points:
      - { label: "Yes", code: "Y", points: 3 }
      - { label: "Needs improvement", code: "NI", points: 2 }
      - { label: "No", code: "N", points: 1 }
sections:
  - scale: yn
    items:
      - { id: agenda, text: "We kept to the agenda." }
      - { id: respect, text: "People were respectful." }
      - { id: decisions, text: "We made decisions, and carried them out." }
bands:
  - { min: 7, max: 9, label: "Going well" }
  - { min: 3, max: 6, label: "Needs attention" }
---

Tick one box per statement.
"#;

fn fixture() -> Fixture {
    let f = Fixture::empty();
    f.write("site.toml", SITE_TOML);
    f.write("content/forms/meeting-check.md", FORM);
    f.write(
        "answers/yes.json",
        r#"{"form":"meeting-check","version":1,"answers":{"agenda":"Y","respect":"Y","decisions":"Y"},"total":9,"fields":{},"comments":{}}"#,
    );
    f.write(
        "answers/mixed.json",
        r#"{"form":"meeting-check","version":1,"answers":{"agenda":"N","respect":"NI","decisions":null},"total":3,"fields":{},"comments":{}}"#,
    );
    f.write(
        "answers/no.csv",
        "form,version,kind,id,question,code,answer,points\n\
         meeting-check,1,item,agenda,We kept to the agenda.,N,No,1\n\
         meeting-check,1,item,respect,People were respectful.,N,No,1\n\
         meeting-check,1,item,decisions,\"We made decisions, and carried them out.\",N,No,1\n\
         meeting-check,1,total,total,Total,,,3\n",
    );
    f
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// Pins the Markdown table: counts per answer, average points, totals' average and range.
#[test]
fn collates_json_and_csv_files_into_markdown() {
    let f = fixture();
    let out = f.cairn(&[
        "collate",
        "meeting-check",
        "answers/yes.json",
        "answers/mixed.json",
        "answers/no.csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "# Meeting check: 3 responses\n\n\
         | Statement | Yes (Y, 3) | Needs improvement (NI, 2) | No (N, 1) | No answer | Average points |\n\
         | --- | --- | --- | --- | --- | --- |\n\
         | We kept to the agenda. | 1 | 0 | 2 | 0 | 1.7 |\n\
         | People were respectful. | 1 | 1 | 1 | 0 | 2.0 |\n\
         | We made decisions, and carried them out. | 1 | 0 | 1 | 1 | 2.0 |\n\
         \n\
         Responses: 3\n\
         Complete responses: 2 (only these count in the average, the range and the bands)\n\
         Average total: 6.0 (possible totals 3–9)\n\
         Range of totals: 3 to 9\n\
         \n\
         ## Bands\n\
         \n\
         | Band | Totals | Responses |\n\
         | --- | --- | --- |\n\
         | Going well | 7–9 | 1 |\n\
         | Needs attention | 3–6 | 1 |\n\
         \n\
         ## Check these\n\
         \n\
         - `mixed.json` answers 2 of 3 statements (not statement 3): its answers are counted, but its total is left out of the average, the range and the bands\n\
         \n\
         ## Responses\n\
         \n\
         | Response | Total | Band |\n\
         | --- | --- | --- |\n\
         | yes.json | 9 | Going well |\n\
         | mixed.json | 3 (partial) | – |\n\
         | no.csv | 3 | Needs attention |\n"
    );
    assert_eq!(stderr(&out), "");
}

// Pins the CSV table and the form given by the path of its file, with --root.
#[test]
fn prints_csv_for_a_form_given_by_path() {
    let f = fixture();
    let form = f.path("content/forms/meeting-check.md");
    let out = assert_cmd::Command::cargo_bin("cairn")
        .unwrap()
        .args(["collate", &form.to_string_lossy(), "--format", "csv"])
        .arg(f.path("answers/yes.json"))
        .arg(f.path("answers/no.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "id,statement,responses,average,lowest,highest,Y,NI,N,no_answer\n\
         agenda,We kept to the agenda.,2,2.0,1,3,1,0,1,0\n\
         respect,People were respectful.,2,2.0,1,3,1,0,1,0\n\
         decisions,\"We made decisions, and carried them out.\",2,2.0,1,3,1,0,1,0\n\
         total,Total,2,6.0,3,9,,,,\n\
         band,Going well (7–9),1,,,,,,,\n\
         band,Needs attention (3–6),1,,,,,,,\n\
         \n\
         response,total,complete,band,flags\n\
         yes.json,9,yes,Going well,\n\
         no.csv,3,yes,Needs attention,\n"
    );
}

// Pins that wrong files are skipped with a message naming them, the rest still collated, exit 1.
#[test]
fn skips_foreign_and_broken_files() {
    let f = fixture();
    f.write("answers/broken.json", "{\"form\": ");
    f.write(
        "answers/other.json",
        r#"{"form":"another-form","version":1,"answers":{}}"#,
    );
    f.write(
        "answers/old.json",
        r#"{"form":"meeting-check","version":0,"answers":{}}"#,
    );
    let out = f.cairn(&[
        "collate",
        "meeting-check",
        "answers/yes.json",
        "answers/broken.json",
        "answers/other.json",
        "answers/old.json",
        "answers/missing.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("Responses: 1\n"), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: `broken.json` is not valid JSON ("),
        "{err}"
    );
    assert!(
        err.contains("warning: `other.json` holds answers to another form (`another-form`, not `meeting-check`); it was skipped"),
        "{err}"
    );
    assert!(
        err.contains("warning: `old.json` was made with version 0 of this form, but the form is now version 1; it was skipped"),
        "{err}"
    );
    assert!(
        err.contains("warning: cannot read `answers/missing.json`"),
        "{err}"
    );
    assert!(
        err.contains("error: 4 files skipped; the table counts the other 1"),
        "{err}"
    );
}

// Pins the message for a form that does not exist: a usage error with a suggestion.
#[test]
fn unknown_form_suggests_the_closest() {
    let f = fixture();
    let out = f.cairn(&["collate", "meeting-chek", "answers/yes.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: there is no form `meeting-chek` in ./content/forms; did you mean `meeting-check`?\n"
    );
}

/// The meeting form with a date field and a comment box, and five answer files: `b.json` a
/// copy of `a.json`, `c.json` with a statement unanswered, `d.csv` with a wrong stored total.
fn meeting() -> Fixture {
    let f = Fixture::empty();
    f.write("site.toml", SITE_TOML);
    f.write(
        "content/forms/meeting-check.md",
        &FORM.replace(
            "bands:",
            "fields:\n  - { id: held, label: \"Meeting held on\", type: date }\ncomments:\n  - { id: well, label: \"What went well?\" }\nbands:",
        ),
    );
    let json = |answers: &str, total: i64, held: &str, well: &str| {
        format!(
            r#"{{"form":"meeting-check","version":1,"answers":{{{answers}}},"total":{total},"fields":{{"held":"{held}"}},"comments":{{"well":"{well}"}}}}"#
        )
    };
    let all_yes = r#""agenda":"Y","respect":"Y","decisions":"Y""#;
    f.write(
        "answers/a.json",
        &json(all_yes, 9, "2026-03-02", "Everyone spoke."),
    );
    f.write(
        "answers/b.json",
        &json(all_yes, 9, "2026-03-02", "Everyone spoke."),
    );
    f.write(
        "answers/c.json",
        &json(
            r#""agenda":"NI","respect":"Y","decisions":null"#,
            5,
            "2026-03-02",
            "Ran out of time, | so we stopped.",
        ),
    );
    f.write(
        "answers/d.csv",
        "form,version,kind,id,question,code,answer,points\n\
         meeting-check,1,item,agenda,,N,No,1\n\
         meeting-check,1,item,respect,,NI,Needs improvement,2\n\
         meeting-check,1,item,decisions,,N,No,1\n\
         meeting-check,1,field,held,Meeting held on,,2026-03-02,\n\
         meeting-check,1,comment,well,What went well?,,\"The tea, mostly.\",\n\
         meeting-check,1,total,total,Total,,,8\n",
    );
    f.write(
        "answers/e.json",
        &json(
            r#""agenda":"Y","respect":"NI","decisions":"Y""#,
            8,
            "2026-03-02",
            "",
        ),
    );
    f
}

const MEETING_FILES: [&str; 5] = [
    "answers/a.json",
    "answers/b.json",
    "answers/c.json",
    "answers/d.csv",
    "answers/e.json",
];

// Pins collate for a real meeting: of five files, the copy, the partial response and the wrong
// total are each named, the partial total left out of the average, range and bands; fields
// and comments are in the Markdown, with the count of each band.
#[test]
fn a_meeting_flags_copies_partial_responses_and_wrong_totals_in_markdown() {
    let f = meeting();
    let mut args = vec!["collate", "meeting-check"];
    args.extend(MEETING_FILES);
    let out = f.cairn(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    for expected in [
        "Responses: 5\nComplete responses: 4 (only these count in the average, the range and the bands)\nAverage total: 7.5 (possible totals 3–9)\nRange of totals: 4 to 9\n",
        "| Going well | 7–9 | 3 |\n| Needs attention | 3–6 | 1 |\n",
        "## Check these\n\n\
         - `b.json` has the same answers, fields and comments as `a.json`: if it is a copy of the same response, collate again without it\n\
         - `c.json` answers 2 of 3 statements (not statement 3): its answers are counted, but its total is left out of the average, the range and the bands\n\
         - `d.csv` says its total is 8, but its answers add up to 4: the table uses 4\n",
        "| Response | Total | Band | Meeting held on |\n| --- | --- | --- | --- |\n\
         | a.json | 9 | Going well | 2026-03-02 |\n\
         | b.json | 9 | Going well | 2026-03-02 |\n\
         | c.json | 5 (partial) | – | 2026-03-02 |\n\
         | d.csv | 4 | Needs attention | 2026-03-02 |\n\
         | e.json | 8 | Going well | 2026-03-02 |\n",
        "## What went well?\n\n\
         - a.json: Everyone spoke.\n\
         - b.json: Everyone spoke.\n\
         - c.json: Ran out of time, | so we stopped.\n\
         - d.csv: The tea, mostly.\n",
    ] {
        assert!(md.contains(expected), "missing:\n{expected}\nin:\n{md}");
    }
    // An unanswered statement is not a 0: the average total leaves c.json out.
    assert!(!md.contains("Average total: 7.0"), "{md}");
}

// Pins the same for CSV: a flags column naming what to check, the band counts, and the fields
// and comments, one row per response.
#[test]
fn a_meeting_flags_copies_partial_responses_and_wrong_totals_in_csv() {
    let f = meeting();
    let mut args = vec!["collate", "meeting-check", "--format", "csv"];
    args.extend(MEETING_FILES);
    let out = f.cairn(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(
        csv.ends_with(
            "total,Total,4,7.5,4,9,,,,\n\
             band,Going well (7–9),3,,,,,,,\n\
             band,Needs attention (3–6),1,,,,,,,\n\
             \n\
             response,total,complete,band,flags,Meeting held on,What went well?\n\
             a.json,9,yes,Going well,,2026-03-02,Everyone spoke.\n\
             b.json,9,yes,Going well,same as a.json,2026-03-02,Everyone spoke.\n\
             c.json,5,no,,answers 2 of 3 statements,2026-03-02,\"Ran out of time, | so we stopped.\"\n\
             d.csv,4,yes,Needs attention,stored total 8; answers add up to 4,2026-03-02,\"The tea, mostly.\"\n\
             e.json,8,yes,Going well,,2026-03-02,\n"
        ),
        "{csv}"
    );
}

// Pins that the same file given twice is read once, and said so.
#[test]
fn a_file_given_twice_counts_once() {
    let f = meeting();
    let out = f.cairn(&[
        "collate",
        "meeting-check",
        "answers/a.json",
        "answers/../answers/a.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("Responses: 1\n"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(
            "warning: `answers/../answers/a.json` was given twice; it was counted once\n"
        ),
        "{}",
        stderr(&out)
    );
}
