//! The engine restarted while a project is up: `plan` names exactly the
//! repair (or nothing, where the engine brought everything back itself),
//! and `up` makes it. On the engine of `DOCKER_HOST` (scripts/test runs
//! this on each engine of the test bed). A file of its own: no other
//! test may run while the engine is down. Real engine and kernel
//! (`scripts/testbed`).

mod common;

use common::bed::{Bed, engine_socket, has_line, ok, sh};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LAN: &str = r#"project {project}
network lan {
  parent {a}
  subnet 10.214.1.0/24 gateway 10.214.1.1
}
shim {a}s { network lan; address 10.214.1.250/32; route 10.214.1.0/28 }
container web { image "{image}"; command "sleep" "3600"; network lan ip 10.214.1.10; gateway lan }
container db { image "{image}"; command "sleep" "3600"; network lan ip 10.214.1.11; restart unless-stopped }
"#;

/// Stops the engine as a reboot or an upgrade would (SIGTERM, then its
/// process gone), and starts it again as it was started: the same
/// command line and environment.
fn restart_engine() {
    let pid = macrame::docker::socket_peer(&engine_socket()).expect("the engine's process");
    let proc = |file: &str| std::fs::read(format!("/proc/{pid}/{file}")).unwrap();
    let split = |bytes: Vec<u8>| -> Vec<String> {
        bytes
            .split(|&b| b == 0)
            .filter(|part| !part.is_empty())
            .map(|part| String::from_utf8_lossy(part).into_owned())
            .collect()
    };
    let argv = split(proc("cmdline"));
    let environment = split(proc("environ"));
    // A directory deleted since (the checkout of an earlier run) reads
    // "PATH (deleted)": the engine starts from / then.
    let cwd = std::fs::read_link(format!("/proc/{pid}/cwd"))
        .ok()
        .filter(|cwd| cwd.is_dir())
        .unwrap_or_else(|| "/".into());
    ok("kill", &["-TERM", &pid.to_string()]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(Instant::now() < deadline, "the engine did not stop");
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::File::create(format!("/tmp/macrame-restarted-dockerd-{pid}.log")).unwrap();
    // `setsid --fork`: the engine outlives the test, a child of no one here.
    let mut command = Command::new("setsid");
    command
        .arg("--fork")
        .args(&argv)
        .env_clear()
        .envs(environment.iter().filter_map(|pair| pair.split_once('=')))
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    assert!(command.status().expect("setsid runs").success());
    let deadline = Instant::now() + Duration::from_secs(60);
    while !sh("docker", &["info"]).status.success() {
        assert!(Instant::now() < deadline, "the engine did not come back");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn running(bed: &Bed, name: &str) -> bool {
    let state = sh(
        "docker",
        &["inspect", "-f", "{{.State.Running}}", &bed.container(name)],
    );
    String::from_utf8_lossy(&state.stdout).trim() == "true"
}

#[test]
fn after_the_engine_restarts_plan_names_the_repair_and_up_makes_it() {
    let bed = Bed::new();
    bed.file(LAN);
    bed.must(&["up"]);
    restart_engine();
    // The engine's own restart policy brings `db` back; `web` (no policy)
    // stays stopped.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !running(&bed, "db") {
        assert!(Instant::now() < deadline, "db did not come back");
        std::thread::sleep(Duration::from_millis(200));
    }
    let plan = bed.must(&["plan"]).stdout;
    let changes: Vec<&str> = plan
        .lines()
        .filter(|line| line.starts_with(['+', '-', '~', '>']))
        .collect();
    assert!(
        changes.iter().all(|line| line.contains("container web")),
        "{plan}"
    );
    assert!(!changes.is_empty(), "{plan}");
    bed.must(&["up"]);
    assert!(running(&bed, "web") && running(&bed, "db"));
    let again = bed.macrame(&["plan", "--exit-code"]);
    assert_eq!(again.status, 0, "{}{}", again.stdout, again.stderr);
    assert!(
        has_line(
            &again.stdout,
            &format!("project {}: nothing to do", bed.project)
        ),
        "{}",
        again.stdout
    );
    // The host side went through it untouched: the shim is there.
    assert!(
        bed.marked_links()
            .iter()
            .any(|l| l.contains(&format!("{}s@", bed.a)))
    );
}
