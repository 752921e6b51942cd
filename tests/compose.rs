//! Compose in and out without an engine: `import` writes only what it can,
//! every example comes back from `import` of its `export` with the same
//! specs (what `up` would apply, hashes and all), and docker-compose
//! (Debian's 1.29.2, which the test bed installs) takes every export
//! without a word.

mod common;

use common::Test;
use macrame::compose::{self, ImportOptions};
use macrame::lint;
use macrame::plan::Specs;
use macrame::source::Source;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every example that lints clean (the numbered ones' traps are meant),
/// and tests/export/'s topologies.
fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("env-driven")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "mcr") {
                files.push(path);
            }
        }
    }
    // And the test's own, each a corner of the Compose format.
    files.retain(|file| !checked(file).has_errors());
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/export")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "mcr") {
            assert!(
                !checked(&path).has_errors(),
                "{} must lint clean",
                path.display()
            );
            files.push(path);
        }
    }
    files.sort();
    files
}

fn checked(file: &Path) -> lint::Checked {
    let source = Source::new(
        file.display().to_string(),
        std::fs::read_to_string(file).unwrap(),
    );
    lint::check(&source, "examples")
}

/// A file beside the example, removed however the test ends.
struct Beside(PathBuf);

impl Drop for Beside {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The export of `file`, to be written at `to`.
fn export(file: &Path, to: &Path) -> String {
    let checked = checked(file);
    compose::export::export(&checked.topology, &Specs::new(&checked.topology), Some(to)).text
}

#[test]
fn every_example_comes_back_from_import_of_its_export() {
    let examples = examples();
    assert!(examples.len() >= 15, "{examples:?}");
    for file in examples {
        let dir = file.parent().unwrap();
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let yaml = Beside(dir.join(format!(".round-trip-{}-{stem}.yml", std::process::id())));
        std::fs::write(&yaml.0, export(&file, &yaml.0)).unwrap();
        let output = dir.join(format!(".round-trip-{stem}.mcr"));
        let imported = compose::import(
            std::slice::from_ref(&yaml.0),
            &ImportOptions {
                output: Some(output.clone()),
                ..ImportOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let source = Source::new(output.display().to_string(), imported.text.clone());
        let again = lint::check_in(&source, "examples", None, dir, &imported.env);
        assert!(
            !again.has_errors(),
            "{}: the import of its export lints with errors:\n{}\n{:#?}",
            file.display(),
            imported.text,
            again.diagnostics
        );
        let before = serde_json::to_value(Specs::new(&checked(&file).topology)).unwrap();
        let after = serde_json::to_value(Specs::new(&again.topology)).unwrap();
        assert_eq!(
            before,
            after,
            "{}: the specs differ; the import:\n{}",
            file.display(),
            imported.text
        );
    }
}

#[test]
fn docker_compose_takes_every_export_without_a_word() {
    for file in examples() {
        let dir = file.parent().unwrap();
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let yaml = Beside(dir.join(format!(".config-{}-{stem}.yml", std::process::id())));
        std::fs::write(&yaml.0, export(&file, &yaml.0)).unwrap();
        let output = Command::new("docker-compose")
            .current_dir(dir)
            .args(["-p", "exported", "-f"])
            .arg(&yaml.0)
            .args(["config", "-q"])
            .output()
            .expect("docker-compose (scripts/testbed installs it)");
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{}: docker-compose config says:\n{}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn import_writes_the_file_only_when_it_can() {
    let test = Test::new()
        .file(
            "app/compose.yaml",
            "services:\n  web:\n    image: nginx:1.27\n    volumes: ['./html:/usr/share/nginx/html:ro']\n    networks: [lan]\nnetworks:\n  lan:\n    driver: macvlan\n    driver_opts: {parent: eth1}\n    ipam: {config: [{subnet: 10.9.0.0/24, gateway: 10.9.0.1}]}\n",
        )
        .file("bad.yml", "services:\n  web: [\n")
        .args(&["import", "app/compose.yaml", "-o", "out/app.mcr"])
        .stderr_contains("imported app/compose.yaml: 0 not imported");
    std::fs::create_dir_all(test.dir().join("out")).unwrap();
    let (_, dir) = test.finish();
    let written = std::fs::read_to_string(dir.path().join("out/app.mcr")).unwrap();
    // The bind is the Compose file's directory's, wherever the topology is.
    let html = dir
        .path()
        .join("app/html")
        .canonicalize()
        .unwrap_or(dir.path().canonicalize().unwrap().join("app/html"));
    assert!(
        written.contains(&format!(
            "volume {}:/usr/share/nginx/html:ro",
            html.display()
        )),
        "{written}"
    );
    assert!(
        written.contains("network lan\n") || written.contains("network lan {"),
        "{written}"
    );

    Test::new()
        .file("bad.yml", "services:\n  web: [\n")
        .args(&["import", "bad.yml", "-o", "bad.mcr"])
        .status(1)
        .stderr_contains("bad.yml:3:1: not valid YAML")
        .stderr_contains("nothing was written")
        .finish()
        .1
        .path()
        .join("bad.mcr")
        .exists()
        .then(|| panic!("bad.mcr was written"));
}

#[test]
fn an_export_elsewhere_keeps_its_paths_right() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/export/volumes.mcr");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("compose.yml");
    let run = Command::new(env!("CARGO_BIN_EXE_macrame"))
        .args(["export", "-f"])
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    // Compose reads a relative path from its own file's directory.
    let beside = file.parent().unwrap().canonicalize().unwrap();
    assert!(
        text.contains(&format!("{}/conf:/conf:ro", beside.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("context: {}/ctx", beside.display())),
        "{text}"
    );
    let config = Command::new("docker-compose")
        .current_dir(dir.path())
        .args(["-p", "elsewhere", "config", "-q"])
        .output()
        .expect("docker-compose");
    assert!(
        config.status.success() && config.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&config.stderr)
    );
}

/// tests/export/every-setting.mcr uses every container setting of the
/// language, so the round trips above (Compose, and quadlet in
/// tests/quadlet.rs) cover each: a setting added to the language fails
/// here until it is in that file. `node` alone is left out: an export is
/// one host's Compose file, and a file of several hosts is not one.
#[test]
fn the_round_trip_file_uses_every_container_setting() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/export/every-setting.mcr");
    let text = std::fs::read_to_string(&path).unwrap();
    let written: std::collections::BTreeSet<&str> = text
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(|line| line.split([';', '{']))
        .filter_map(|statement| statement.split_whitespace().next())
        .collect();
    let missing: Vec<&str> = macrame::syntax::Block::Container
        .keywords()
        .iter()
        .copied()
        .filter(|keyword| *keyword != "node" && !written.contains(keyword))
        .collect();
    assert!(
        missing.is_empty(),
        "tests/export/every-setting.mcr lacks {missing:?}: add each, so that export and import are proven to carry it"
    );
}
