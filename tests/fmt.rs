//! `fmt` is idempotent and keeps the meaning: fmt(fmt(x)) = fmt(x), and
//! the model of fmt(x) is the model of x. Shown on every example and on
//! generated topologies written in every layout the language allows.

mod common;

use common::Test;
use macrame::format::format;
use macrame::lint::check;
use macrame::plan::Specs;
use macrame::source::Source;
use proptest::prelude::*;

/// What a file means: its specs, its project, and what the linter says
/// (codes and messages; spans move when the layout does).
fn meaning(text: &str) -> String {
    let checked = check(&Source::new("f.mcr", text), "p");
    let mut diagnostics: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    diagnostics.sort();
    format!(
        "{}\n{}\n{}",
        checked.topology.project.name,
        serde_json::to_string(&Specs::new(&checked.topology)).unwrap(),
        diagnostics.join("\n")
    )
}

fn assert_sound(text: &str) {
    let once = format(text);
    assert_eq!(format(&once), once, "not idempotent:\n{text}\n---\n{once}");
    assert_eq!(
        meaning(&once),
        meaning(text),
        "meaning changed:\n{text}\n---\n{once}"
    );
    // Variables are the environment's, not the layout's.
    let (_, syntax) = macrame::syntax::parse(&once);
    let syntax: Vec<_> = syntax
        .into_iter()
        .filter(|d| d.code != macrame::diagnostic::Code::UnsetVariable)
        .collect();
    assert!(
        syntax.is_empty(),
        "formatted text does not parse: {syntax:?}\n{once}"
    );
}

#[test]
fn every_example_formats_soundly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    for entry in std::fs::read_dir(dir).unwrap() {
        let mut path = entry.unwrap().path();
        if path.is_dir() {
            path = path.join("macrame.mcr");
        }
        assert_sound(&std::fs::read_to_string(&path).unwrap());
    }
}

#[test]
fn check_prints_a_diff_and_exits_1() {
    let out = Test::new()
        .file(
            "a.mcr",
            "network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }\n",
        )
        .args(&["fmt", "--check", "a.mcr"])
        .status(1)
        .run();
    assert_eq!(
        out,
        "--- a.mcr\n+++ a.mcr (formatted)\n@@ -1 +1,4 @@\n-network lan { parent eth1; subnet 10.1.0.0/24 gateway 10.1.0.1 }\n+network lan {\n+  parent eth1\n+  subnet 10.1.0.0/24 gateway 10.1.0.1\n+}\n"
    );
    let test = Test::new().file("a.mcr", "network lan {\n  parent eth1\n}\n");
    test.args(&["fmt", "--check", "a.mcr"]).stdout("").run();
}

#[test]
fn fmt_rewrites_in_place_and_refuses_what_does_not_parse() {
    let test = Test::new()
        .file("a.mcr", "network lan { parent eth1 }\n")
        .file("b.mcr", "network lan {\n");
    let (_, dir) = test
        .args(&["fmt", "a.mcr", "b.mcr"])
        // As `lint` and every other command for a file that does not parse.
        .status(1)
        .stderr_contains("cannot format `b.mcr`: it does not parse")
        .finish();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("a.mcr"), "network lan {\n  parent eth1\n}\n");
    assert_eq!(read("b.mcr"), "network lan {\n");
}

/// A statement: its words, and whether it may open a block of settings.
#[derive(Debug, Clone)]
struct Statement {
    words: Vec<String>,
    block: Vec<Vec<String>>,
}

fn layout() -> impl Strategy<Value = (bool, String, String)> {
    // (block on one line, spacing, a comment or none)
    (
        any::<bool>(),
        prop::sample::select(vec![" ", "  ", "\t", "   "]).prop_map(str::to_string),
        prop::sample::select(vec!["", "# note", "#x", "# with; { braces }"])
            .prop_map(str::to_string),
    )
}

fn topology() -> impl Strategy<Value = Vec<Statement>> {
    let networks = 1..4usize;
    networks.prop_flat_map(|n| {
        (
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(0..3usize, n),
            prop::collection::vec(any::<bool>(), n),
        )
            .prop_map(move |(block_subnet, containers, internal)| {
                let mut statements = vec![Statement {
                    words: vec!["project".into(), "gen".into()],
                    block: vec![],
                }];
                for i in 0..n {
                    let mut block = vec![vec!["parent".into(), format!("eth{i}")]];
                    if internal[i] {
                        block.push(vec!["internal".into()]);
                    }
                    if block_subnet[i] {
                        block.push(vec![format!(
                            "subnet 10.{i}.0.0/24 {{ gateway 10.{i}.0.1; range 10.{i}.0.128/25 }}"
                        )]);
                    } else {
                        block.push(vec![format!("subnet 10.{i}.0.0/24 gateway 10.{i}.0.1")]);
                    }
                    block.push(vec![
                        "label".into(),
                        "k".into(),
                        "=".into(),
                        format!("\"v {i}\""),
                    ]);
                    statements.push(Statement {
                        words: vec!["network".into(), format!("n{i}")],
                        block,
                    });
                    for c in 0..containers[i] {
                        statements.push(Statement {
                            words: vec!["container".into(), format!("c{i}x{c}")],
                            block: vec![
                                vec!["image".into(), "\"alpine:3.20\"".into()],
                                vec![format!("network n{i} ip 10.{i}.0.{}", 10 + c)],
                                vec!["env".into(), "A".into(), "=".into(), "\"a\\\"b\"".into()],
                            ],
                        });
                    }
                }
                statements.push(Statement {
                    words: vec!["vlan".into(), "7".into(), "on".into(), "eth0".into()],
                    block: vec![],
                });
                statements
            })
    })
}

fn write(statements: &[Statement], layouts: &[(bool, String, String)], blanks: &[usize]) -> String {
    let mut out = String::new();
    for (k, statement) in statements.iter().enumerate() {
        let (one_line, space, comment) = &layouts[k % layouts.len()];
        out.push_str(&"\n".repeat(blanks[k % blanks.len()]));
        out.push_str(&statement.words.join(space));
        if !statement.block.is_empty() {
            if *one_line {
                let inner: Vec<String> = statement.block.iter().map(|s| s.join(space)).collect();
                out.push_str(&format!("{space}{{ {} }}", inner.join("; ")));
            } else {
                out.push_str(" {");
                for setting in &statement.block {
                    out.push_str(&format!("\n{space}{}", setting.join(space)));
                }
                out.push_str("\n}");
            }
        }
        if !comment.is_empty() {
            out.push_str(&format!("{space}{comment}"));
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn generated_topologies_format_soundly(
        statements in topology(),
        layouts in prop::collection::vec(layout(), 1..6),
        blanks in prop::collection::vec(0..3usize, 1..5),
    ) {
        assert_sound(&write(&statements, &layouts, &blanks));
    }
}

#[test]
fn nested_variables_stay_one_word() {
    let text = "container c {\n  image \"a\"\n  hostname ${HOST:-${SITE}-dns}\n  network lan ip ${IP:-${NET}.5}\n}\n";
    assert_eq!(macrame::format::format(text), text);
    assert_sound(text);
}
