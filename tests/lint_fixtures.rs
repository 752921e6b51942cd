//! Every file under tests/lint/ declares, with `#! code` comments, the
//! diagnostics it must produce on each line: exactly those, no more. A
//! file under tests/lint/clean/ must produce none. Every diagnostic code
//! has a fixture named after it.

use macrame::diagnostic::Code;
use macrame::lint::check;
use macrame::source::Source;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "mcr"))
        .collect();
    files.sort();
    files
}

/// The `(line, code)` pairs the `#!` markers ask for.
fn expected(text: &str) -> BTreeSet<(usize, String)> {
    let mut expected = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        if let Some((_, marks)) = line.split_once("#!") {
            for code in marks.split_whitespace() {
                assert!(
                    Code::from_name(code).is_some(),
                    "line {}: `{code}` is not a code",
                    index + 1
                );
                expected.insert((index + 1, code.to_string()));
            }
        }
    }
    expected
}

fn actual(path: &Path, text: &str) -> BTreeSet<(usize, String)> {
    let source = Source::new(path.display().to_string(), text);
    let checked = check(&source, "fixture");
    checked
        .diagnostics
        .iter()
        .map(|d| {
            (
                source.line_of(d.primary.span.start),
                d.code.as_str().to_string(),
            )
        })
        .collect()
}

fn verify(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap();
    let source = Source::new(path.display().to_string(), text.as_str());
    for diagnostic in check(&source, "fixture").diagnostics {
        if diagnostic.help.as_deref().is_none_or(str::is_empty) {
            return Err(format!(
                "{}: {} has no help line: {}",
                path.display(),
                diagnostic.code,
                diagnostic.message
            ));
        }
    }
    let (expected, actual) = (expected(&text), actual(path, &text));
    if expected == actual {
        return Ok(());
    }
    let missing: Vec<_> = expected.difference(&actual).collect();
    let unexpected: Vec<_> = actual.difference(&expected).collect();
    Err(format!(
        "{}:\n  expected but not reported: {missing:?}\n  reported but not expected: {unexpected:?}",
        path.display()
    ))
}

#[test]
fn each_fixture_reports_exactly_its_markers() {
    let failures: Vec<String> = fixtures("tests/lint")
        .iter()
        .chain(&fixtures("tests/lint/clean"))
        .filter_map(|path| verify(path).err())
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn clean_fixtures_have_no_markers() {
    for path in fixtures("tests/lint/clean") {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(expected(&text).is_empty(), "{} has markers", path.display());
    }
}

#[test]
fn every_code_has_a_fixture_that_fires_it() {
    let mut missing = Vec::new();
    for code in Code::ALL {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/lint")
            .join(format!("{}.mcr", code.as_str()));
        let Ok(text) = std::fs::read_to_string(&path) else {
            missing.push(format!("{} (no file)", code.as_str()));
            continue;
        };
        if !expected(&text).iter().any(|(_, c)| c == code.as_str()) {
            missing.push(format!("{} (never marked)", code.as_str()));
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a firing fixture: {missing:?}"
    );
}
