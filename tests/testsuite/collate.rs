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
         Average total: 5.0 (possible totals 3–9)\n\
         Range of totals: 3 to 9\n"
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
         total,Total,2,6.0,3,9,,,,\n"
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
        err.contains("error: 4 file(s) skipped; the table counts the other 1"),
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
