//! The config hashes of the examples' objects, pinned: upgrading macrame
//! must never recreate what the user did not change, and a container or
//! network is recreated exactly when its hash differs from its label. A
//! new setting at its default must leave these as they are; a change here
//! is a change every user's objects would see. `MACRAME_BLESS=1` rewrites
//! tests/hashes.txt, for a change that means to recreate.

use macrame::lint::check;
use macrame::plan::spec::{Specs, config_hash};
use macrame::source::Source;
use std::path::Path;

fn hashes() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mcr"))
        .collect();
    paths.sort();
    let mut out = String::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        // As if in /srv/macrame on every machine: a relative bind mount's
        // host path is absolute in the spec.
        let checked = check(
            &Source::new(format!("/srv/macrame/{name}"), text),
            "example",
        );
        // Only a file without errors has specs.
        if checked.diagnostics.iter().any(|d| d.is_error()) {
            continue;
        }
        let specs = Specs::new(&checked.topology);
        for network in &specs.networks {
            out += &format!("{name} network {} {}\n", network.name, config_hash(network));
        }
        for container in &specs.containers {
            out += &format!(
                "{name} container {} {}\n",
                container.name,
                config_hash(container)
            );
        }
    }
    out
}

#[test]
fn config_hashes_of_the_examples_are_pinned() {
    let pinned = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hashes.txt");
    let actual = hashes();
    if std::env::var_os("MACRAME_BLESS").is_some() {
        std::fs::write(&pinned, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&pinned).unwrap_or_default();
    assert!(actual.lines().count() >= 10, "too few objects:\n{actual}");
    let changed: Vec<String> = similar::TextDiff::from_lines(&expected, &actual)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value().trim_end()))
        .collect();
    assert!(
        changed.is_empty(),
        "config hashes changed: every such object would be recreated on upgrade\n{}",
        changed.join("\n")
    );
}
