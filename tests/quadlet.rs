//! `macrame export --format quadlet` against Podman's own quadlet
//! generator (Debian trixie's, which the test bed unpacks; Podman itself
//! never runs): every example's units are taken without an error or an
//! unknown key, and the `podman` commands they become carry the file's
//! addresses, MACs, capabilities, volumes and health check.

use std::path::{Path, PathBuf};
use std::process::Command;

fn generator() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-deps/podman/usr/libexec/podman/quadlet");
    assert!(
        path.exists(),
        "no quadlet generator at {} (scripts/testbed unpacks it)",
        path.display()
    );
    path
}

/// The units of `example`, and what the generator makes of them.
fn generated(example: &str) -> Option<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let export = Command::new(env!("CARGO_BIN_EXE_macrame"))
        .args(["export", "--format", "quadlet", "-f"])
        .arg(&file)
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    if !export.status.success() {
        // A numbered example's traps are meant: export refuses it.
        return None;
    }
    let output = Command::new(generator())
        .arg("-dryrun")
        .env("QUADLET_UNIT_DIRS", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "{example}: the generator refuses the units:\n{stderr}"
    );
    Some((String::from_utf8_lossy(&output.stdout).into_owned(), stderr))
}

#[test]
fn the_generator_takes_every_examples_units() {
    let mut seen = 0;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut examples: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            name.ends_with(".mcr").then_some(name)
        })
        .collect();
    examples.push("env-driven/macrame.mcr".into());
    // And the export tests' corners (values with `$`, quotes, line breaks).
    for entry in std::fs::read_dir(root.join("../tests/export")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "mcr") {
            examples.push(path.display().to_string());
        }
    }
    for example in examples {
        let Some((_, stderr)) = generated(&example) else {
            continue;
        };
        seen += 1;
        for line in stderr.lines() {
            assert!(
                !line.contains("unsupported") && !line.contains("rror"),
                "{example}: {line}"
            );
        }
    }
    assert!(seen >= 15, "only {seen} examples exported");
}

#[test]
fn the_units_run_what_the_file_says() {
    let (services, _) = generated("dns-server.mcr").unwrap();
    let pihole = services
        .lines()
        .find(|l| l.starts_with("ExecStart=/usr/bin/podman run --name pihole"))
        .unwrap_or_else(|| panic!("no pihole service:\n{services}"));
    for part in [
        "--network dns_lan:ip=192.168.1.53,mac=02:42:c0:a8:01:35",
        "--cap-add cap_net_admin",
        "-v dns_pihole:/etc/pihole",
        "--env TZ=Europe/Berlin",
        "--health-cmd \"CMD dig +short +norecurse @127.0.0.1 pi.hole\"",
        "--health-interval 30000ms",
        "--dns 127.0.0.1",
    ] {
        assert!(pihole.contains(part), "no {part:?} in {pihole}");
    }
    assert!(
        services.contains("podman network create --ignore --driver macvlan --subnet 192.168.1.0/24 --gateway 192.168.1.1"),
        "{services}"
    );
    // pihole starts after unbound, as `depends-on unbound healthy` says.
    assert!(
        services.contains("Requires=dns-unbound.service"),
        "{services}"
    );
}
