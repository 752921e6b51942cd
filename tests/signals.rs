//! SIGINT and SIGTERM during a run: `up` rolls back as after a failure,
//! `down` finishes removing, and a second signal stops at once, leaving
//! the journal for the next run to repair from. Real engine and kernel
//! (`scripts/testbed`).

mod common;

use common::bed::{Bed, ok, sh};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// `late` waits for `slow`, a one-shot of five seconds, to complete:
/// an `up` that is long enough to interrupt.
const SLOW: &str = r#"project {project}
network lan {
  parent {a}
  subnet SUBNET.0/24 gateway SUBNET.1
}
container web { image "{image}"; command "sleep" "3600"; network lan ip SUBNET.9 }
container slow { image "{image}"; command "sleep" "5"; network lan ip SUBNET.10 }
container late { image "{image}"; command "sleep" "3600"; network lan ip SUBNET.11; depends-on slow completed }
"#;

fn spawn(bed: &Bed, command: &str) -> Child {
    bed.command(command, "plain")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, name: &str) {
    ok("kill", &["-s", name, &child.id().to_string()]);
}

/// Waits until the container `name` of the bed runs.
fn until_running(bed: &Bed, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let state = sh(
            "docker",
            &["inspect", "-f", "{{.State.Running}}", &bed.container(name)],
        );
        if String::from_utf8_lossy(&state.stdout).trim() == "true" {
            return;
        }
        assert!(Instant::now() < deadline, "{name} never ran");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn finish(child: Child) -> (i32, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn journal(bed: &Bed) -> std::path::PathBuf {
    bed.state_dir.join(&bed.project).join("journal")
}

fn veths(bed: &Bed) -> Vec<String> {
    vec![
        format!("{}@{}", bed.a, bed.b),
        format!("{}@{}", bed.b, bed.a),
    ]
}

#[test]
fn sigint_during_up_rolls_it_back() {
    let bed = Bed::new();
    bed.file(&SLOW.replace("SUBNET", "10.216.1"));
    let up = spawn(&bed, "up");
    // `slow` runs: `late` is being waited for.
    until_running(&bed, "slow");
    signal(&up, "INT");
    let (status, stderr) = finish(up);
    assert_eq!(status, 130, "{stderr}");
    assert!(
        stderr.contains("interrupted: no new step starts"),
        "{stderr}"
    );
    assert!(
        stderr.contains("interrupted by a signal (SIGINT or SIGTERM)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("everything this run had changed was undone"),
        "{stderr}"
    );
    assert_eq!(bed.snapshot(), veths(&bed));
    assert!(!journal(&bed).exists());
}

#[test]
fn sigterm_during_down_finishes_it() {
    let bed = Bed::new();
    bed.file(
        &SLOW
            .replace("SUBNET", "10.216.2")
            .replace("\"5\"", "\"3600\"")
            .replace(" completed", ""),
    );
    bed.must(&["up"]);
    let down = spawn(&bed, "down");
    // Stopping the test image takes the whole second of `--timeout`.
    std::thread::sleep(Duration::from_millis(300));
    signal(&down, "TERM");
    let (status, stderr) = finish(down);
    assert_eq!(status, 0, "{stderr}");
    assert!(stderr.contains("interrupted: finishing"), "{stderr}");
    assert_eq!(bed.snapshot(), veths(&bed));
    assert!(!journal(&bed).exists());
}

#[test]
fn a_second_sigint_stops_at_once_and_the_next_up_repairs() {
    let bed = Bed::new();
    bed.file(&SLOW.replace("SUBNET", "10.216.3"));
    let up = spawn(&bed, "up");
    until_running(&bed, "slow");
    signal(&up, "INT");
    signal(&up, "INT");
    let (status, stderr) = finish(up);
    assert_eq!(status, 130, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "stopped at once: what this `macrame up` did so far is left as it is (its journal: {})",
            journal(&bed).display()
        )),
        "{stderr}"
    );
    assert!(journal(&bed).exists());
    let repaired = bed.must(&["up"]);
    assert!(
        repaired
            .stderr
            .contains("recovering: the last `macrame up`"),
        "{}",
        repaired.stderr
    );
    assert!(!journal(&bed).exists());
    let plan = bed.macrame(&["plan", "--exit-code"]);
    assert_eq!(plan.status, 0, "{}{}", plan.stdout, plan.stderr);
    bed.must(&["down"]);
    assert_eq!(bed.snapshot(), veths(&bed));
}

/// Past the point of no return a signal stops what follows (`--wait`
/// for a health check that never passes), and what `up` made stays.
#[test]
fn sigint_during_the_wait_after_up_keeps_what_it_made() {
    use std::io::BufRead;
    let bed = Bed::new();
    bed.file(
        r#"project {project}
network lan { parent {a}; subnet 10.216.4.0/24 gateway 10.216.4.1 }
container sick {
  image "{image}"; command "sleep" "3600"; network lan ip 10.216.4.9
  health { test shell "false"; interval 1s; timeout 1s; retries 1 }
}
"#,
    );
    let mut up = bed
        .command("up", "plain")
        .arg("--wait")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The run has committed once it says so; the wait comes after.
    let stdout = std::io::BufReader::new(up.stdout.take().unwrap());
    let mut said = String::new();
    for line in stdout.lines() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.contains(": up to date (") {
            break;
        }
    }
    assert!(said.contains(": up to date ("), "{said}");
    signal(&up, "INT");
    let (status, stderr) = finish(up);
    assert_eq!(status, 130, "{stderr}");
    assert!(
        stderr.contains("interrupted: the changes are made and stay"),
        "{stderr}"
    );
    assert!(!stderr.contains("undone"), "{stderr}");
    until_running(&bed, "sick");
    assert!(!journal(&bed).exists());
    let plan = bed.macrame(&["plan", "--exit-code"]);
    assert_eq!(plan.status, 0, "{}{}", plan.stdout, plan.stderr);
}
