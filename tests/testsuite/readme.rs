//! Keeps README.md honest: the two set-up commands are there, and every command it documents
//! exists in the CLI.

use assert_cmd::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

// Pins the two set-up commands of a fresh machine.
#[test]
fn readme_has_the_setup_commands() {
    let text = readme();
    assert!(text.contains("    cargo run --release -- build\n"));
    assert!(text.contains("    cargo test\n"));
    assert!(text.contains("public/index.html"));
}

// Pins that every `cairn <verb>` in the README's command table is a real subcommand.
#[test]
fn documented_commands_exist() {
    let text = readme();
    let verbs: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| `cairn "))
        .filter_map(|l| l.split([' ', '`']).next())
        .collect();
    assert!(verbs.len() >= 2, "{verbs:?}");
    for verb in verbs {
        let out = Command::cargo_bin("cairn")
            .unwrap()
            .args([verb, "--help"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`cairn {verb}` is documented but does not exist"
        );
    }
}
