//! The planner, pure, from fixtures: each directory under tests/plan/ holds
//! a topology (`macrame.mcr`), what the host has (`observed.json`, the
//! `Observed` type as JSON, fields optional) and the exact plan or
//! refusal expected (`expected.txt`); a `force` file plans with `--force`. A config-hash label written `@hash`
//! stands for the hash of the file's own spec of that object, so that a
//! fixture can say "unchanged". `BLESS=1` rewrites the expectations.

use macrame::lint::check;
use macrame::observed::{Observed, labels};
use macrame::plan::{self, Specs, spec::config_hash};
use macrame::source::Source;
use std::path::Path;

fn run(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("macrame.mcr")).unwrap();
    let checked = check(&Source::new("macrame.mcr", text), "fixture");
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors.is_empty(),
        "{}: lint errors {errors:#?}",
        dir.display()
    );
    let json = std::fs::read_to_string(dir.join("observed.json")).unwrap_or_else(|_| "{}".into());
    let mut observed: Observed = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("{}: observed.json: {e}", dir.display()));
    let specs = Specs::new(&checked.topology);
    for network in &mut observed.networks {
        if network.labels.get(labels::CONFIG_HASH).map(String::as_str) == Some("@hash") {
            // An object the file no longer has keeps "@hash" as its hash.
            if let Some(spec) = specs.network(&network.name) {
                network
                    .labels
                    .insert(labels::CONFIG_HASH.into(), config_hash(spec));
            }
        }
    }
    for container in &mut observed.containers {
        if container
            .labels
            .get(labels::CONFIG_HASH)
            .map(String::as_str)
            == Some("@hash")
        {
            if let Some(spec) = specs
                .containers
                .iter()
                .find(|c| c.docker_name == container.name)
            {
                container
                    .labels
                    .insert(labels::CONFIG_HASH.into(), config_hash(spec));
            }
        }
    }
    let result = if dir.join("teardown").exists() {
        // A `teardown` file saying `volumes` is `down --volumes`.
        let volumes = std::fs::read_to_string(dir.join("teardown")).unwrap_or_default();
        let force = dir.join("force").exists();
        plan::teardown_with(
            &specs.project,
            &observed,
            volumes.contains("volumes"),
            force,
        )
    } else if let Ok(reason) = std::fs::read_to_string(dir.join("force")) {
        // A `force` file is `--force`, with why (for the reader).
        assert!(
            !reason.trim().is_empty(),
            "{}: say why it is forced",
            dir.display()
        );
        plan::plan_with(&checked.topology, &observed, true)
    } else {
        plan::plan(&checked.topology, &observed)
    };
    match result {
        Ok(plan) => plan::render_human(&plan),
        Err(refusals) => {
            let mut out = String::from("refused:\n");
            for refusal in refusals {
                out.push_str(&format!("{refusal}\n"));
            }
            out
        }
    }
}

#[test]
fn plans_match_their_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plan");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10, "only {} plan fixtures", dirs.len());
    let mut failures = Vec::new();
    for dir in dirs {
        let actual = run(&dir);
        let expected_path = dir.join("expected.txt");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
