//! Every example lints as its header says: a `.fixed.mcr` or any example
//! without an "As written" header is clean; the others report exactly the
//! codes their `# Expect:` line lists.

use macrame::lint::check;
use macrame::source::Source;
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn examples_lint_as_documented() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    let mut failures = Vec::new();
    // The examples, and those that need a directory of their own (a
    // `.env`): `examples/NAME/macrame.mcr`.
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            paths.push(path.join("macrame.mcr"));
        } else if path.extension().is_some_and(|e| e == "mcr") {
            paths.push(path);
        }
    }
    for path in paths {
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: BTreeSet<String> = text
            .lines()
            .filter_map(|line| line.strip_prefix("# Expect:"))
            .flat_map(|codes| {
                codes
                    .split([',', ' '])
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
            })
            .collect();
        let source = Source::new(path.display().to_string(), text);
        let checked = check(&source, "example");
        let actual: BTreeSet<String> = checked
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_string())
            .collect();
        if actual != expected {
            failures.push(format!(
                "{}: expected {expected:?}, got {actual:?}",
                path.display()
            ));
        }
    }
    assert!(seen >= 19, "only {seen} examples found");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
