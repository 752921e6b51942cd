//! The runtime on the real engine and kernel, the everyday path: `up`
//! pings, a second `up` changes nothing, a change recreates exactly what
//! it affects, `down` leaves nothing, `ps`, objects macrame does not own.
//! Each test makes its own veth parents and project, with subnets of its
//! own (tests run at once, and the engine refuses overlapping pools), and
//! cleans up on drop. The other areas: `routes.rs` (shims and default
//! routes), `failures.rs` (a failed run undone), `engine_features.rs`
//! (what each engine and this kernel allow).
//!
//! Needs root and a running dockerd with the test image: `scripts/testbed`
//! (the README's test command runs it first).

mod common;

use common::bed::{Bed, ok, pings, sh};

#[test]
fn up_pings_on_one_network_across_subnets_and_on_both_veth_ends() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network left {
  parent {a}
  subnet 10.201.1.0/24 gateway 10.201.1.1
  subnet 10.201.2.0/24 gateway 10.201.2.1
}
network right {
  parent {b}
  subnet 10.201.3.0/24 gateway 10.201.3.1
}
container a1 { image \"{image}\"; command sleep 600; network left ip 10.201.1.10 }
container a2 { image \"{image}\"; command sleep 600; network left ip 10.201.1.11; depends-on a1 }
container a3 { image \"{image}\"; command sleep 600; network left ip 10.201.2.10 }
container b1 { image \"{image}\"; command sleep 600; network right ip 10.201.3.10 }
container b2 { image \"{image}\"; command sleep 600; network right ip 10.201.3.11 }
",
    );
    bed.must(&["up", "--progress", "plain"]);
    assert!(
        pings(&bed.exec("a2", &["ping", "-c1", "-W2", "10.201.1.10"])),
        "a2 → a1"
    );
    assert!(
        pings(&bed.exec("b2", &["ping", "-c1", "-W2", "10.201.3.10"])),
        "b2 → b1 on the other end"
    );
    let addresses = bed.stdout_of("a3", &["ip", "-4", "addr"]);
    assert!(
        addresses.contains("10.201.2.10/24"),
        "a3 in the second subnet: {addresses}"
    );
}

#[test]
fn second_up_changes_nothing_and_an_address_change_recreates_one_container() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.204.1.0/24 gateway 10.204.1.1 }
container one { image \"{image}\"; command sleep 600; network lan ip 10.204.1.10 }
container two { image \"{image}\"; command sleep 600; network lan ip 10.204.1.11 }
";
    bed.file(v1);
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 2);
    bed.must(&["up"]);
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
    let (one, two) = (bed.container_id("one"), bed.container_id("two"));
    let network = ok(
        "docker",
        &["network", "inspect", "-f", "{{.Id}}", &bed.network("lan")],
    );

    let again = bed.must(&["up"]);
    assert!(again.stdout.contains("nothing to do"), "{}", again.stdout);
    assert_eq!(
        (bed.container_id("one"), bed.container_id("two")),
        (one.clone(), two.clone())
    );

    bed.file(&v1.replace("10.204.1.11", "10.204.1.12"));
    let plan = bed.macrame(&["plan", "--format", "json", "--exit-code"]);
    assert_eq!(plan.status, 2);
    assert_eq!(
        plan.stdout.trim(),
        format!(
            r#"{{"project":"{}","changes":[{{"action":"recreate","kind":"container","name":"two","cause":"ip 10.204.1.11 → 10.204.1.12"}}],"summary":{{"create":0,"recreate":1,"remove":0}},"persistence":[{{"action":"write","cause":"changed","path":"{}/{}.json"}}]}}"#,
            bed.project,
            bed.state_dir.display(),
            bed.project
        )
    );
    bed.must(&["up"]);
    assert_eq!(
        bed.container_id("one"),
        one,
        "only the changed container is recreated"
    );
    assert_ne!(bed.container_id("two"), two);
    assert_eq!(
        ok(
            "docker",
            &["network", "inspect", "-f", "{{.Id}}", &bed.network("lan")]
        ),
        network
    );
    assert_eq!(bed.macrame(&["plan", "--exit-code"]).status, 0);
}

#[test]
fn a_subnet_change_recreates_the_network_and_its_containers() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.205.1.0/24 gateway 10.205.1.1 }
network other { parent {b}; subnet 10.205.9.0/24 gateway 10.205.9.1 }
container on { image \"{image}\"; command sleep 600; network lan ip 10.205.1.10 }
container off { image \"{image}\"; command sleep 600; network other ip 10.205.9.10 }
";
    bed.file(v1).must(&["up"]);
    let off = bed.container_id("off");
    bed.file(&v1.replace("10.205.1.", "10.205.2."));
    let plan = bed.must(&["plan"]);
    assert!(
        plan.stdout.contains("~ recreate network lan"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout.contains("~ recreate container on"),
        "{}",
        plan.stdout
    );
    assert!(!plan.stdout.contains("off"), "{}", plan.stdout);
    bed.must(&["up"]);
    assert_eq!(bed.container_id("off"), off);
    let addresses = bed.stdout_of("on", &["ip", "-4", "addr"]);
    assert!(addresses.contains("10.205.2.10/24"), "{addresses}");
}

#[test]
fn down_leaves_no_labelled_object_and_no_marked_link() {
    let bed = Bed::new();
    let shim = format!("{}s", bed.a);
    bed.file(&format!(
        "project {{project}}
network lan {{ parent {{a}}; subnet 10.206.1.0/24 gateway 10.206.1.1 }}
shim {shim} {{ network lan; address 10.206.1.250/32 }}
container web {{ image \"{{image}}\"; command sleep 600; network lan ip 10.206.1.10 }}
"
    ));
    bed.must(&["up"]);
    assert_eq!(bed.marked_links().len(), 1);
    let dry = bed.must(&["down", "--dry-run"]);
    assert!(
        dry.stdout.contains("- remove   container web"),
        "{}",
        dry.stdout
    );
    assert_eq!(
        bed.snapshot().len(),
        5,
        "dry run removed something: {:?}",
        bed.snapshot()
    );
    bed.must(&["down"]);
    let label = format!("label=io.macrame.project={}", bed.project);
    assert_eq!(ok("docker", &["ps", "-aq", "--filter", &label]), "");
    assert_eq!(
        ok("docker", &["network", "ls", "-q", "--filter", &label]),
        ""
    );
    assert!(bed.marked_links().is_empty(), "{:?}", bed.marked_links());
    // The veths it did not create are still there; a second down is fine.
    assert!(sh("ip", &["link", "show", &bed.a]).status.success());
    bed.must(&["down"]);
}

#[test]
fn a_network_under_the_projects_name_that_it_does_not_own_is_refused_and_untouched() {
    let bed = Bed::new();
    let tag = format!("macrame-test={}", bed.project);
    let id = ok(
        "docker",
        &[
            "network",
            "create",
            "-d",
            "macvlan",
            "--label",
            &tag,
            "-o",
            &format!("parent={}", bed.b),
            "--subnet",
            "10.209.9.0/24",
            &bed.network("lan"),
        ],
    );
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.209.1.0/24 gateway 10.209.1.1 }
container web { image \"{image}\"; command sleep 600; network lan ip 10.209.1.10 }
",
    );
    let run = bed.macrame(&["up"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("already exists and is not this project's"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was applied"), "{}", run.stderr);
    assert_eq!(
        ok(
            "docker",
            &["network", "inspect", "-f", "{{.Id}}", &bed.network("lan")]
        )
        .trim(),
        id.trim()
    );
    // down leaves it alone too.
    bed.must(&["down"]);
    assert_eq!(
        ok(
            "docker",
            &["network", "inspect", "-f", "{{.Id}}", &bed.network("lan")]
        )
        .trim(),
        id.trim()
    );
}

#[test]
fn ps_lists_the_projects_objects_and_a_mac_reaches_the_container() {
    let bed = Bed::new();
    let shim = format!("{}s", bed.a);
    bed.file(&format!(
        "project {{project}}
network lan {{ parent {{a}}; subnet 10.211.1.0/24 gateway 10.211.1.1 }}
shim {shim} {{ network lan; address 10.211.1.250/32 }}
container web {{ image \"{{image}}\"; command sleep 600; network lan {{ ip 10.211.1.10; mac 02:00:0a:d3:01:0a }} }}
"
    ));
    bed.must(&["up", "--progress", "json"]);
    let links = bed.stdout_of("web", &["ip", "link"]);
    assert!(links.contains("02:00:0a:d3:01:0a"), "{links}");

    let table = bed.must(&["ps"]).stdout;
    let lines: Vec<Vec<&str>> = table
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0], ["KIND", "NAME", "STATE", "ADDRESSES", "PARENT"]);
    assert!(
        lines.iter().any(|l| l.as_slice()
            == [
                "shim",
                shim.as_str(),
                "up",
                "10.211.1.250/32",
                bed.a.as_str()
            ]),
        "{table}"
    );
    assert!(
        lines.iter().any(|l| l[..2] == ["network", "lan"]
            && l.contains(&"10.211.1.0/24")
            && l.contains(&bed.a.as_str())),
        "{table}"
    );
    let web = format!("{}_lan", bed.project);
    assert!(
        lines
            .iter()
            .any(|l| l.as_slice() == ["container", "web", "running", "10.211.1.10", web.as_str()]),
        "{table}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&bed.must(&["ps", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["project"], bed.project.as_str());
    let kinds: Vec<&str> = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["shim", "network", "container"]);
}

#[test]
fn a_recreated_container_keeps_its_volumes() {
    let bed = Bed::new();
    let v1 = "project {project}
network lan { parent {a}; subnet 10.215.1.0/24 gateway 10.215.1.1 }
container db { image \"macrame-test/busybox-volume:latest\"; command sleep 600; env V = \"1\"; network lan ip 10.215.1.10 }
";
    bed.file(v1).must(&["up"]);
    assert!(
        bed.exec("db", &["sh", "-c", "echo kept > /data/mark"])
            .status
            .success()
    );
    let old = bed.container_id("db");
    bed.file(&v1.replace("env V = \"1\"", "env V = \"2\""));
    bed.must(&["up"]);
    assert_ne!(bed.container_id("db"), old, "recreated");
    let mark = bed.exec("db", &["cat", "/data/mark"]);
    assert_eq!(
        String::from_utf8_lossy(&mark.stdout).trim(),
        "kept",
        "the volume went with the old container"
    );
}
