//! Every input a fuzzer found crashing (fuzz/regressions/TARGET/), every
//! seed (fuzz/seeds/TARGET/), and the examples and fixtures the fuzzers
//! start from, through the same functions as the fuzz targets: what
//! crashed once is a test for good. Pure: no engine, no root.

use std::path::{Path, PathBuf};

fn files(dir: &Path, extension: Option<&str>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path, extension));
        } else if extension.is_none_or(|e| path.extension().is_some_and(|x| x == e)) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The inputs of `target`: its regressions and seeds, then `fixtures`.
fn inputs(target: &str, fixtures: &[(&str, &str)]) -> Vec<PathBuf> {
    let mut all = files(&root().join("fuzz/regressions").join(target), None);
    all.extend(files(&root().join("fuzz/seeds").join(target), None));
    for (dir, extension) in fixtures {
        all.extend(files(&root().join(dir), Some(extension)));
    }
    all
}

const TOPOLOGIES: &[(&str, &str)] = &[
    ("examples", "mcr"),
    ("tests/lint", "mcr"),
    ("tests/plan", "mcr"),
];

fn replay(target: &str, fixtures: &[(&str, &str)], check: fn(&[u8])) {
    let inputs = inputs(target, fixtures);
    assert!(!inputs.is_empty(), "no inputs for {target}");
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{target}: {} fails", path.display());
        }
    }
}

#[test]
fn parse_and_lint() {
    replay("parse_lint", TOPOLOGIES, macrame::fuzzing::parse_and_lint);
}

#[test]
fn fmt_round_trip() {
    replay(
        "fmt_round_trip",
        TOPOLOGIES,
        macrame::fuzzing::fmt_round_trip,
    );
}

#[test]
fn lsp_edits() {
    replay("lsp_edits", TOPOLOGIES, macrame::fuzzing::lsp_edits);
}

#[test]
fn import_yaml() {
    replay(
        "import_yaml",
        &[("tests/import", "yml"), ("tests/import", "yaml")],
        macrame::fuzzing::import_yaml,
    );
}
