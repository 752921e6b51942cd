//! A run killed anywhere is repaired by the next one: `up` killed at
//! every record of its journal and every step of an undo (the test-only
//! fault hook, `MACRAME_FAULT_AFTER=K`, a SIGKILL at the K-th such point)
//! and at moments chosen by time, then `up` again, must leave exactly
//! the file's topology: no parked container, no orphan network, no
//! unmarked link; then `down` leaves nothing. The same for `down`
//! killed midway, and a killed `up` followed by `down`. Real engine and
//! kernel (`scripts/testbed`).

mod common;

use common::bed::{Bed, Run, ok};
use std::process::Stdio;
use std::time::Duration;

/// Before: two networks on the bed's two parents, a shim, a volume, and
/// three containers, one of them on both networks. Each runs under `init`,
/// which passes SIGTERM on: a stop ends at once instead of waiting out
/// the `--timeout` (the suite stops containers a few hundred times).
const BEFORE: &str = r#"project {project}
network lan {
  parent {a}
  subnet SUBNET.0/26 gateway SUBNET.1
}
network back {
  parent {b}
  subnet SUBNET.64/26 gateway SUBNET.65
}
shim {a}s { network lan; address SUBNET.60/32; route SUBNET.0/28 }
volume data
container web { image "{image}"; command "sleep" "3600"; init; network lan ip SUBNET.10 }
container db { image "{image}"; command "sleep" "3600"; init; network lan ip SUBNET.11; volume data:/data }
container app {
  image "{image}"; command "sleep" "3600"; init
  network lan ip SUBNET.12
  network back ip SUBNET.70
  depends-on db
}
"#;

/// After: `lan`'s gateway moves (the network and everything on it are
/// recreated, the shim too), `back` and `app` go, `web` gets another
/// command, `cache` (with a volume of its own) and `proxy`
/// come.
const AFTER: &str = r#"project {project}
network lan {
  parent {a}
  subnet SUBNET.0/26 gateway SUBNET.2
}
shim {a}s { network lan; address SUBNET.61/32; route SUBNET.0/28 }
volume data
volume cache-data
container web { image "{image}"; command "sleep" "3601"; init; network lan ip SUBNET.10 }
container db { image "{image}"; command "sleep" "3600"; init; network lan ip SUBNET.11; volume data:/data }
container cache {
  image "{image}"; command "sleep" "3600"; init
  network lan ip SUBNET.13
  volume cache-data:/cache
  depends-on db
}
container proxy { image "{image}"; command "sleep" "3600"; init; network lan ip SUBNET.14; depends-on web }
"#;

fn topology(text: &str, subnet: &str) -> String {
    text.replace("SUBNET", subnet)
}

/// `macrame COMMAND` on the bed, killed by the fault hook at its
/// `after`-th point (none: not killed).
fn run_with_fault(bed: &Bed, command: &str, after: usize) -> Run {
    let output = bed
        .command(command, "plain")
        .env("MACRAME_FAULT_AFTER", after.to_string())
        .output()
        .unwrap();
    Run::of(output)
}

/// `macrame up` on the bed, killed after `delay`.
fn kill_after(bed: &Bed, delay: Duration) -> bool {
    let mut child = bed
        .command("up", "quiet")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    killed
}

fn journal(bed: &Bed) -> std::path::PathBuf {
    bed.state_dir.join(&bed.project).join("journal")
}

/// The host holds exactly the file's topology: `plan` has nothing to do,
/// no container is parked, no network of the project is left over, no
/// link on the bed's parents is unmarked, and no journal is left.
fn converged(bed: &Bed, networks: &[&str], containers: &[&str], context: &str) {
    let plan = bed.macrame(&["plan", "--exit-code"]);
    assert_eq!(
        plan.status, 0,
        "{context}: plan after repair:\n{}{}",
        plan.stdout, plan.stderr
    );
    let label = format!("label=io.macrame.project={}", bed.project);
    let mut names: Vec<String> = ok(
        "docker",
        &["ps", "-a", "--format", "{{.Names}}", "--filter", &label],
    )
    .lines()
    .map(str::to_string)
    .collect();
    names.sort();
    let mut wanted: Vec<String> = containers.iter().map(|c| bed.container(c)).collect();
    wanted.sort();
    assert_eq!(names, wanted, "{context}: containers");
    let mut found: Vec<String> = ok(
        "docker",
        &["network", "ls", "--format", "{{.Name}}", "--filter", &label],
    )
    .lines()
    .map(str::to_string)
    .collect();
    found.sort();
    let mut wanted: Vec<String> = networks.iter().map(|n| bed.network(n)).collect();
    wanted.sort();
    assert_eq!(found, wanted, "{context}: networks");
    unmarked_links(bed, context);
    assert!(!journal(bed).exists(), "{context}: the journal is left");
}

/// No link sits on the bed's parents without macrame's mark.
fn unmarked_links(bed: &Bed, context: &str) {
    let links = ok("ip", &["-o", "link", "show"]);
    for line in links.lines() {
        let name = line.split_whitespace().nth(1).unwrap_or("");
        let veth =
            name.starts_with(&format!("{}@", bed.a)) || name.starts_with(&format!("{}@", bed.b));
        let on_bed = !veth
            && (line.contains(&format!("@{}:", bed.a)) || line.contains(&format!("@{}:", bed.b)));
        assert!(
            !on_bed || line.contains(&format!("alias macrame:{}:", bed.project)),
            "{context}: an unmarked link: {line}"
        );
    }
}

/// Nothing of the project is left on the host.
fn nothing_left(bed: &Bed, context: &str) {
    let veths = [
        format!("{}@{}", bed.a, bed.b),
        format!("{}@{}", bed.b, bed.a),
    ];
    assert_eq!(bed.snapshot(), veths, "{context}");
    let label = format!("label=io.macrame.project={}", bed.project);
    assert_eq!(
        ok("docker", &["volume", "ls", "-q", "--filter", &label]),
        "",
        "{context}: volumes"
    );
    assert!(!journal(bed).exists(), "{context}: the journal is left");
}

fn up(bed: &Bed, context: &str) -> Run {
    let run = bed.macrame(&["up"]);
    assert_eq!(
        run.status, 0,
        "{context}: up:\n{}{}",
        run.stdout, run.stderr
    );
    run
}

const AFTER_NETWORKS: [&str; 1] = ["lan"];
const AFTER_CONTAINERS: [&str; 4] = ["web", "db", "cache", "proxy"];
const BEFORE_NETWORKS: [&str; 2] = ["lan", "back"];
const BEFORE_CONTAINERS: [&str; 3] = ["web", "db", "app"];

#[test]
fn up_killed_at_every_step_is_repaired_by_the_next_up() {
    let bed = Bed::new();
    let subnet = "10.217.1";
    bed.file(&topology(BEFORE, subnet));
    up(&bed, "before");
    let mut points = 0;
    for after in 1.. {
        let context = format!("up killed after record {after}");
        bed.file(&topology(AFTER, subnet));
        let killed = run_with_fault(&bed, "up", after);
        if killed.status == 0 {
            // The run wrote fewer records: every point was tried.
            break;
        }
        assert_eq!(
            killed.status, -1,
            "{context}: not killed:\n{}",
            killed.stderr
        );
        assert!(journal(&bed).exists(), "{context}: no journal");
        points += 1;
        let repaired = up(&bed, &context);
        assert!(
            repaired
                .stderr
                .contains("recovering: the last `macrame up`"),
            "{context}: {}",
            repaired.stderr
        );
        converged(&bed, &AFTER_NETWORKS, &AFTER_CONTAINERS, &context);
        bed.file(&topology(BEFORE, subnet));
        up(&bed, &format!("{context}, back to before"));
        converged(&bed, &BEFORE_NETWORKS, &BEFORE_CONTAINERS, &context);
    }
    assert!(points >= 20, "only {points} points to kill at");
    // Killed by time, anywhere (some of these land between records).
    for millis in [30, 80, 150, 250, 400, 600, 900, 1300] {
        let context = format!("up killed after {millis} ms");
        bed.file(&topology(AFTER, subnet));
        kill_after(&bed, Duration::from_millis(millis));
        up(&bed, &context);
        converged(&bed, &AFTER_NETWORKS, &AFTER_CONTAINERS, &context);
        bed.file(&topology(BEFORE, subnet));
        up(&bed, &context);
    }
    bed.must(&["down", "--volumes"]);
    nothing_left(&bed, "down after the repairs");
}

#[test]
fn up_from_nothing_killed_and_then_down_leaves_nothing() {
    let bed = Bed::new();
    bed.file(&topology(AFTER, "10.217.2"));
    for after in [1, 3, 5, 8, 12] {
        let context = format!("up killed after record {after}, then down");
        let killed = run_with_fault(&bed, "up", after);
        assert_eq!(
            killed.status, -1,
            "{context}: not killed:\n{}",
            killed.stderr
        );
        // A plan changes nothing, and says that the next run repairs.
        let plan = bed.macrame(&["plan"]);
        assert!(
            plan.stderr
                .contains("note: the project's last run did not finish"),
            "{context}: {}",
            plan.stderr
        );
        assert!(
            journal(&bed).exists(),
            "{context}: plan touched the journal"
        );
        let down = bed.macrame(&["down", "--volumes"]);
        assert_eq!(
            down.status, 0,
            "{context}: down:\n{}{}",
            down.stdout, down.stderr
        );
        assert!(
            down.stderr.contains("recovering: the last `macrame up`"),
            "{context}: {}",
            down.stderr
        );
        nothing_left(&bed, &context);
    }
}

#[test]
fn a_killed_up_of_a_change_followed_by_down_leaves_nothing() {
    let bed = Bed::new();
    let subnet = "10.217.3";
    for after in [2, 6, 10, 16, 22] {
        let context = format!("up killed after record {after}, then down");
        bed.file(&topology(BEFORE, subnet));
        up(&bed, &context);
        bed.file(&topology(AFTER, subnet));
        let killed = run_with_fault(&bed, "up", after);
        assert_eq!(
            killed.status, -1,
            "{context}: not killed:\n{}",
            killed.stderr
        );
        let down = bed.macrame(&["down", "--volumes"]);
        assert_eq!(
            down.status, 0,
            "{context}: down:\n{}{}",
            down.stdout, down.stderr
        );
        nothing_left(&bed, &context);
    }
}

#[test]
fn down_killed_midway_is_finished_by_the_next_down() {
    let bed = Bed::new();
    bed.file(&topology(BEFORE, "10.217.4"));
    let mut points = 0;
    for after in 1.. {
        let context = format!("down killed after record {after}");
        up(&bed, &context);
        let killed = run_with_fault(&bed, "down", after);
        if killed.status == 0 {
            break;
        }
        assert_eq!(
            killed.status, -1,
            "{context}: not killed:\n{}",
            killed.stderr
        );
        points += 1;
        let down = bed.macrame(&["down", "--volumes"]);
        assert_eq!(
            down.status, 0,
            "{context}: down:\n{}{}",
            down.stdout, down.stderr
        );
        assert!(
            down.stderr.contains("recovering: the last `macrame down`"),
            "{context}: {}",
            down.stderr
        );
        nothing_left(&bed, &context);
    }
    assert!(points >= 5, "only {points} points to kill down at");
}

/// The ids of BEFORE's containers, in its order.
fn before_ids(bed: &Bed) -> Vec<String> {
    BEFORE_CONTAINERS
        .iter()
        .map(|name| bed.container_id(name))
        .collect()
}

/// `up` of BEFORE after a killed run: it says it recovers, converges to
/// exactly BEFORE, and keeps the containers it had (`ids`: none recreated).
fn repaired_to_before(bed: &Bed, before: &str, ids: &[String], context: &str) {
    bed.file(before);
    let repaired = up(bed, context);
    assert!(
        repaired
            .stderr
            .contains("recovering: the last `macrame up`"),
        "{context}: {}",
        repaired.stderr
    );
    converged(bed, &BEFORE_NETWORKS, &BEFORE_CONTAINERS, context);
    assert_eq!(before_ids(bed), ids, "{context}: containers were recreated");
}

/// A failing `up` of AFTER, killed at each of its points, the undo of its
/// failure included; each time, `up` of BEFORE repairs it, and leaves the
/// containers it had as they were (the same ids: none recreated). With
/// `from`, only from the journal's first record that starts so: the
/// points before it are another test's already.
fn failed_up_killed_during_its_undo(subnet: &str, failing: &str, from: Option<&str>) {
    let bed = Bed::new();
    bed.file(&topology(BEFORE, subnet));
    up(&bed, "before");
    let failing = topology(failing, subnet);
    assert_ne!(failing, topology(AFTER, subnet));
    let before = before_ids(&bed);
    let first = from.map_or(1, |marker| first_point(&bed, &failing, marker, subnet));
    let mut points = 0;
    for after in first.. {
        let context = format!("a failing up killed at point {after}");
        bed.file(&failing);
        let killed = run_with_fault(&bed, "up", after);
        if killed.status == 1 {
            // It failed and undid itself before the hook fired.
            assert!(!journal(&bed).exists(), "{context}: {}", killed.stderr);
            break;
        }
        assert_eq!(
            killed.status, -1,
            "{context}: not killed:\n{}",
            killed.stderr
        );
        points += 1;
        repaired_to_before(&bed, &topology(BEFORE, subnet), &before, &context);
    }
    let wanted = if from.is_some() { 8 } else { 20 };
    assert!(points >= wanted, "only {points} points to kill at");
    bed.must(&["down", "--volumes"]);
    nothing_left(&bed, "down after the repairs");
}

/// The fault point of the first journal record of a failing `up` that
/// starts with `marker`: its `--keep-on-failure` run keeps the journal to
/// count in (and the next `up` of BEFORE repairs that run too).
fn first_point(bed: &Bed, failing: &str, marker: &str, subnet: &str) -> usize {
    bed.file(failing);
    let kept = bed.macrame(&["up", "--keep-on-failure"]);
    assert_eq!(
        kept.status, 1,
        "the failing up did not fail: {}",
        kept.stderr
    );
    let text = std::fs::read_to_string(journal(bed)).expect("the journal it kept");
    let index = text
        .lines()
        .position(|line| line.starts_with(marker))
        .unwrap_or_else(|| panic!("no record starts with {marker}:\n{text}"));
    bed.file(&topology(BEFORE, subnet));
    let repaired = up(bed, "after --keep-on-failure");
    assert!(
        repaired
            .stderr
            .contains("recovering: the last `macrame up`"),
        "{}",
        repaired.stderr
    );
    index + 1
}

/// The change fails at its last step (`proxy` cannot start), after
/// everything else was applied.
#[test]
fn a_failed_up_killed_during_its_own_undo_is_repaired_by_the_next_up() {
    failed_up_killed_during_its_undo(
        "10.217.5",
        &AFTER.replace(
            // Not under `init`, which would start (and then exit).
            "container proxy { image \"{image}\"; command \"sleep\" \"3600\"; init",
            "container proxy { image \"{image}\"; command \"/no/such/program\"",
        ),
        None,
    );
}

/// The engine refuses to create the new `web` (more CPUs than the host
/// has, which lint cannot know): its `Creating` is never confirmed, and
/// what has its name once the undo gave the old `web` its name back is
/// the old one, to be kept.
#[test]
fn a_refused_creation_killed_during_its_undo_keeps_what_it_replaced() {
    failed_up_killed_during_its_undo(
        "10.217.6",
        &AFTER.replace(
            "container web { image \"{image}\"; command \"sleep\" \"3601\"",
            "container web { image \"{image}\"; cpus 100000; command \"sleep\" \"3601\"",
        ),
        // Up to web's creation, the same steps as the test above.
        Some(r#"{"creating":{"kind":"container","name":"web""#),
    );
}

/// `macrame up` on the bed, killed `delay` after its journal holds the
/// `count`-th record of `kind` (its JSON tag: "parking", "dropping"): the
/// step that record announces has been sent to the engine, or is about to
/// be, and the engine carries it out after the run is gone.
fn kill_after_record(bed: &Bed, kind: &str, count: usize, delay: Duration) -> bool {
    let mut child = bed
        .command("up", "quiet")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let tag = format!("{{\"{kind}\":");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while std::time::Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        let text = std::fs::read_to_string(journal(bed)).unwrap_or_default();
        if text.lines().filter(|l| l.starts_with(&tag)).count() >= count {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(delay);
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    killed
}

/// The steps a killed run had sent go on in the engine without it: a
/// container's stop (`sleep` as pid 1 ignores SIGTERM, so the engine
/// waits out the run's `--timeout 1` before it kills) is still under way
/// when the next `up` looks, and a network's removal may be. The next
/// `up` of BEFORE waits for the stop before it starts the container
/// again, and sees the removal through before it restores the network:
/// the same containers, all running, nothing recreated.
#[test]
fn steps_still_under_way_in_the_engine_are_seen_through_by_the_next_up() {
    let bed = Bed::new();
    let subnet = "10.217.7";
    // Without `init`: `sleep` as pid 1 ignores SIGTERM, so each stop
    // takes the whole `--timeout`, a window to be killed in.
    let before = topology(BEFORE, subnet).replace("; init", "");
    let after = topology(AFTER, subnet).replace("; init", "");
    bed.file(&before);
    up(&bed, "before");
    let ids_before = before_ids(&bed);
    for (kind, count, millis) in [
        ("parking", 1, 300),
        ("parking", 2, 300),
        ("parking", 3, 600),
        ("dropping", 1, 0),
        ("dropping", 1, 20),
    ] {
        let context = format!("up killed {millis} ms after its {kind} record #{count}");
        bed.file(&after);
        assert!(
            kill_after_record(&bed, kind, count, Duration::from_millis(millis)),
            "{context}: the run ended first"
        );
        repaired_to_before(&bed, &before, &ids_before, &context);
        for name in BEFORE_CONTAINERS {
            assert_eq!(
                common::bed::docker_inspect("{{.State.Running}}", &bed.container(name)).trim(),
                "true",
                "{context}: {name} is not running"
            );
        }
    }
    bed.must(&["down", "--volumes"]);
    nothing_left(&bed, "down after the repairs");
}
