//! Two runs of one project never interleave: the second waits on the
//! project's lock, or with `--no-wait` fails at once; two projects run
//! side by side. Real engine and kernel (`scripts/testbed`).

mod common;

use common::bed::{Bed, has_line};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A project whose `up` takes a few seconds: `late` waits for `slow`, a
/// one-shot of three seconds, to complete.
const SLOW: &str = r#"project {project}
network lan {
  parent {a}
  subnet SUBNET.0/24 gateway SUBNET.1
}
container slow { image "{image}"; command "sleep" "3"; network lan ip SUBNET.10 }
container late { image "{image}"; command "sleep" "3600"; network lan ip SUBNET.11; depends-on slow completed }
"#;

fn spawn_up(bed: &Bed) -> std::process::Child {
    bed.command("up", "quiet")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_second_up_of_one_project_waits_or_fails_at_once() {
    let bed = Bed::new();
    bed.file(&SLOW.replace("SUBNET", "10.219.1"));
    let first = spawn_up(&bed);
    // The first run holds the lock once it has written itself into it.
    let lock = bed.state_dir.join(format!("{}.lock", bed.project));
    let deadline = Instant::now() + Duration::from_secs(30);
    let holder = loop {
        let text = std::fs::read_to_string(&lock).unwrap_or_default();
        if text.contains("macrame up") {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "the first up never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(holder.contains(&format!("pid {}", first.id())), "{holder}");

    let refused = bed.macrame(&["up", "--no-wait"]);
    assert_eq!(refused.status, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&format!(
            "project {}: `macrame up` (pid {}) is changing it; not waiting (--no-wait)",
            bed.project,
            first.id()
        )),
        "{}",
        refused.stderr
    );

    let waited = bed.macrame(&["up"]);
    assert_eq!(waited.status, 0, "{}", waited.stderr);
    assert!(
        waited.stderr.contains(&format!(
            "waiting for `macrame up` (pid {}) on project {} to finish",
            first.id(),
            bed.project
        )),
        "{}",
        waited.stderr
    );
    // It ran after the first, which had done everything: nothing to do.
    assert!(
        has_line(
            &waited.stdout,
            &format!("project {}: nothing to do", bed.project)
        ),
        "{}",
        waited.stdout
    );
    let first = first.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    bed.must(&["down"]);
}

#[test]
fn two_projects_run_side_by_side() {
    let (one, two) = (Bed::new(), Bed::new());
    one.file(&SLOW.replace("SUBNET", "10.219.2"));
    two.file(&SLOW.replace("SUBNET", "10.219.3"));
    let (a, b) = (spawn_up(&one), spawn_up(&two));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    // Neither waited for the other.
    for output in [&a, &b] {
        assert!(!String::from_utf8_lossy(&output.stderr).contains("waiting for"));
    }
    one.must(&["down"]);
    two.must(&["down"]);
}

#[test]
fn the_lock_of_a_killed_run_is_taken_over() {
    let bed = Bed::new();
    bed.file(&SLOW.replace("SUBNET", "10.219.4"));
    let mut first = spawn_up(&bed);
    let lock = bed.state_dir.join(format!("{}.lock", bed.project));
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(&lock)
        .unwrap_or_default()
        .contains("macrame up")
    {
        assert!(
            Instant::now() < deadline,
            "the first up never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    first.kill().unwrap();
    first.wait().unwrap();
    // The kernel dropped the dead run's lock: taken at once, no waiting.
    let run = bed.macrame(&["up", "--no-wait"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("waiting for"), "{}", run.stderr);
    bed.must(&["down"]);
}
