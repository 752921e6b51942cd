//! The everyday commands on the real engine, as a Compose user runs them:
//! `logs`, `exec`, `stop`, `start`, `restart` and `up CONTAINER...`.
//!
//! Needs root and a running dockerd with the test image, as
//! tests/runtime.rs (the README's test command sets both up).

mod common;

use common::bed::{Bed, docker_inspect};

const FILE: &str = "project {project}
network lan { parent {a}; subnet {net}.0/24 gateway {net}.1 }
container db { image \"{image}\"; command \"sh\" \"-c\" \"echo db ready; exec sleep 600\"; init; network lan ip {net}.10 }
container web { image \"{image}\"; command \"sh\" \"-c\" \"echo web up; echo web err >&2; exec sleep 600\"; init; network lan ip {net}.11; depends-on db }
container other { image \"{image}\"; command sleep 600; init; network lan ip {net}.12 }
";

/// The file on a /24 of its own (tests run at once; the engine refuses
/// overlapping pools): `net` is its first three octets.
fn file(net: &str) -> String {
    FILE.replace("{net}", net)
}

fn state(bed: &Bed, name: &str) -> String {
    docker_inspect("{{.State.Status}}", &bed.container(name))
        .trim()
        .to_string()
}

#[test]
fn up_of_one_container_brings_what_it_depends_on_and_nothing_else() {
    let bed = Bed::new();
    bed.file(&file("10.228.1"));
    let run = bed.must(&["up", "web"]);
    assert!(
        run.stdout.contains("+ create   container db"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("container other"), "{}", run.stdout);
    assert_eq!(state(&bed, "web"), "running");
    assert_eq!(state(&bed, "db"), "running");
    assert!(
        common::bed::sh("docker", &["inspect", &bed.container("other")])
            .status
            .code()
            != Some(0)
    );
    let run = bed.must(&["up"]);
    assert!(
        run.stdout.contains("+ create   container other"),
        "{}",
        run.stdout
    );
    let refused = bed.macrame(&["up", "wbe"]);
    assert_eq!(refused.status, 2);
    assert!(
        refused
            .stderr
            .contains("no container `wbe`, did you mean `web`?"),
        "{}",
        refused.stderr
    );
}

#[test]
fn logs_are_prefixed_and_exec_runs_in_the_container() {
    let bed = Bed::new();
    bed.file(&file("10.228.2")).must(&["up"]);
    let mut logs = String::new();
    for _ in 0..20 {
        logs = bed.must(&["logs", "db", "web"]).stdout;
        if logs.contains("web err") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(logs.contains("db  | db ready\n"), "{logs}");
    assert!(logs.contains("web | web up\n"), "{logs}");
    assert!(logs.contains("web | web err\n"), "stderr too: {logs}");
    let tail = bed
        .must(&["logs", "--tail", "1", "--no-prefix", "db"])
        .stdout;
    assert_eq!(tail, "db ready\n");

    let run = bed.must(&["exec", "web", "ip", "-4", "addr", "show", "eth0"]);
    assert!(run.stdout.contains("10.228.2.11/24"), "{}", run.stdout);
    let failed = bed.macrame(&["exec", "web", "sh", "-c", "exit 7"]);
    assert_eq!(failed.status, 7, "the command's status is macrame's");
}

#[test]
fn stop_start_and_restart_keep_the_container() {
    let bed = Bed::new();
    bed.file(&file("10.228.3")).must(&["up"]);
    let id = bed.container_id("web");
    bed.must(&["stop", "web"]);
    assert_eq!(state(&bed, "web"), "exited");
    assert_eq!(state(&bed, "db"), "running", "only the one named");
    bed.must(&["start"]);
    assert_eq!(state(&bed, "web"), "running");
    let started = docker_inspect("{{.State.StartedAt}}", &bed.container("db"));
    bed.must(&["restart", "db"]);
    let restarted = docker_inspect("{{.State.StartedAt}}", &bed.container("db"));
    assert_ne!(started, restarted, "db was restarted");
    assert_eq!(bed.container_id("web"), id, "never recreated");
    assert_eq!(
        bed.macrame(&["plan", "--exit-code"]).status,
        0,
        "nothing to do after"
    );
}

#[test]
fn exec_gives_a_terminal_when_macrame_runs_on_one() {
    let bed = Bed::new();
    bed.file(&file("10.228.4")).must(&["up", "db"]);
    // util-linux's `script` runs macrame on a pseudo-terminal of its own.
    let command = format!(
        "{} exec --file {} db tty",
        env!("CARGO_BIN_EXE_macrame"),
        bed.path().display()
    );
    let on_tty = common::bed::sh("script", &["-qec", &command, "/dev/null"]);
    let shown = String::from_utf8_lossy(&on_tty.stdout);
    assert!(shown.contains("/dev/pts/"), "a terminal inside: {shown:?}");
    let piped = bed.macrame(&["exec", "db", "tty"]);
    assert!(
        piped.stdout.contains("not a tty"),
        "no terminal without one: {:?}",
        piped.stdout
    );
}
