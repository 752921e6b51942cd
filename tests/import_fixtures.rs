//! `macrame import` on the project's own Compose files: each folder of
//! tests/import/ holds the Compose files (and `.env`, extended files),
//! optionally `args` (the command line after `import`) and
//! `expected.status`; the test runs the import in a copy of the folder
//! and compares standard output with `expected.mcr` and standard error
//! with `expected.stderr`, exactly. `BLESS=1` rewrites the expectations.

use assert_cmd::Command;
use std::path::Path;

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_fixture_imports_as_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "the fixtures are there");
    let mut failures = Vec::new();
    for case in cases {
        // In a folder of the case's name: the project is named after it.
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join(case.file_name().unwrap());
        copy(&case, &dir);
        let read = |name: &str| std::fs::read_to_string(case.join(name)).ok();
        let args: Vec<String> = read("args")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let status: i32 = read("expected.status").map_or(0, |s| s.trim().parse().unwrap());
        let output = Command::cargo_bin("macrame")
            .unwrap()
            .current_dir(&dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .arg("import")
            .args(&args)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(case.join("expected.mcr"), &stdout).unwrap();
            std::fs::write(case.join("expected.stderr"), &stderr).unwrap();
            continue;
        }
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        if output.status.code() != Some(status) {
            failures.push(format!(
                "{name}: exit {:?}, expected {status}\n{stderr}",
                output.status.code()
            ));
        }
        if read("expected.mcr").as_deref() != Some(stdout.as_str()) {
            failures.push(format!("{name}: standard output differs:\n{stdout}"));
        }
        if read("expected.stderr").as_deref() != Some(stderr.as_str()) {
            failures.push(format!("{name}: standard error differs:\n{stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
