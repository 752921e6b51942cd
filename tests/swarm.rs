//! A Docker Swarm of three engines on this machine (tests/common/nodes.rs):
//! a service on the macvlan LAN, its network a config-only network per
//! node plus one swarm-scoped network built from them. Real engines, real
//! kernel, real Swarm.
//!
//! Needs root and the system's dockerd binary with the test images
//! (`scripts/testbed`; the README's test command runs it first).

mod common;

use common::bed::has_line;
use common::nodes::{Nodes, text};
use serde_json::Value;

const FILE: &str = r#"project {project}
node n1 { docker "{n1}" }
node n2 { docker "{n2}" }
node n3 { docker "{n3}" }
network lan {
  parent data0
  subnet 10.235.0.0/24 gateway 10.235.0.1 range 10.235.0.128/25
}
service api {
  image "IMAGE"
  command "sleep" "3600"
  stop-signal KILL
  replicas 3
  network lan
}
container plain { node n2; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan }
"#;

fn file(image: &str) -> String {
    FILE.replace("IMAGE", image)
}

/// `ps --format json`'s objects.
fn objects(nodes: &Nodes) -> Vec<Value> {
    let ps: Value = serde_json::from_str(&nodes.must(&["ps", "--format", "json"])).unwrap();
    ps["objects"].as_array().unwrap().clone()
}

/// The ids of the project's networks on node `n`, by name.
fn network_ids(nodes: &Nodes, n: usize) -> String {
    nodes.docker_ok(
        n,
        &[
            "network",
            "ls",
            "--no-trunc",
            "--format",
            "{{.Name}} {{.ID}}",
        ],
    )
}

#[test]
fn a_service_runs_on_every_node_of_the_lan_and_updates_in_place() {
    let nodes = Nodes::start(3);
    nodes.swarm();
    nodes.file(&file("macrame-test/busybox:latest"));
    let network = format!("{}_lan", nodes.project);
    let config = format!("{network}-config");

    let plan = nodes.must(&["plan"]);
    for line in [
        "[n1] + create config-only network lan (missing)",
        "[n2] + create config-only network lan (missing)",
        "[n3] + create config-only network lan (missing)",
        "[swarm@n1] + create swarm network lan (missing)",
        "[swarm@n1] + create service api (missing)",
        "[n2] + create container plain (missing)",
    ] {
        assert!(has_line(&plan, line), "{line} in:\n{plan}");
    }
    let output = nodes.macrame(&["up", "--progress", "plain"]);
    assert!(output.status.success(), "{}", text(&output));

    // A config-only network per node, each with its own part of the
    // range; one swarm network built from them.
    for (n, range) in [
        (1, "10.235.0.128/27"),
        (2, "10.235.0.160/27"),
        (3, "10.235.0.192/27"),
    ] {
        let seen = nodes.docker_ok(
            n,
            &[
                "network",
                "inspect",
                &config,
                "--format",
                "{{.ConfigOnly}} {{range .IPAM.Config}}{{.IPRange}}{{end}} {{.Options.parent}}",
            ],
        );
        assert_eq!(seen.trim(), format!("true {range} data0"), "n{n}");
    }
    let seen = nodes.docker_ok(
        1,
        &[
            "network",
            "inspect",
            &network,
            "--format",
            "{{.Scope}} {{.Driver}} {{.ConfigFrom.Network}} {{.Attachable}}",
        ],
    );
    assert_eq!(seen.trim(), format!("swarm macvlan {config} true"));

    // A task on every node, each with an address of its node's range,
    // all reaching one another and the plain container.
    let objects = objects(&nodes);
    let tasks: Vec<&Value> = objects.iter().filter(|o| o["kind"] == "task").collect();
    let mut on: Vec<&str> = tasks.iter().map(|t| t["node"].as_str().unwrap()).collect();
    on.sort();
    assert_eq!(on, ["n1", "n2", "n3"], "{objects:?}");
    let address = |object: &Value| object["addresses"][0].as_str().unwrap().to_string();
    let plain = objects
        .iter()
        .find(|o| o["kind"] == "container" && o["name"] == "plain")
        .map(address)
        .unwrap();
    for task in &tasks {
        let node: usize = task["node"].as_str().unwrap()[1..].parse().unwrap();
        let last: u8 = address(task).rsplit('.').next().unwrap().parse().unwrap();
        let first = 128 + 32 * (node as u8 - 1);
        assert!(
            (first..first + 32).contains(&last),
            "{task} outside n{node}'s range"
        );
    }
    let container_of = |n: usize| {
        nodes
            .docker_ok(
                n,
                &[
                    "ps",
                    "-q",
                    "--filter",
                    &format!("label=com.docker.swarm.service.name={}_api", nodes.project),
                ],
            )
            .trim()
            .to_string()
    };
    for task in &tasks {
        let node: usize = task["node"].as_str().unwrap()[1..].parse().unwrap();
        let id = container_of(node);
        for target in tasks.iter().map(|t| address(t)).chain([plain.clone()]) {
            if target == address(task) {
                continue;
            }
            assert!(
                nodes.pings(node, &id, &target),
                "task on n{node} → {target}"
            );
        }
    }
    assert!(
        nodes.pings(2, &format!("{}-plain", nodes.project), &address(tasks[0])),
        "plain → a task"
    );

    // Nothing to do the second time.
    let output = nodes.macrame(&["plan", "--exit-code"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));

    // A new image: the service is updated in place, the networks stay.
    let before: Vec<String> = (1..=3).map(|n| network_ids(&nodes, n)).collect();
    nodes.file(&file("macrame-test/busybox-volume:latest"));
    let plan = nodes.must(&["plan"]);
    assert!(
        has_line(
            &plan,
            "[swarm@n1] ~ update service api (its settings changed: updated in place)"
        ),
        "{plan}"
    );
    assert!(!plan.contains("network lan"), "{plan}");
    let output = nodes.macrame(&["up", "--progress", "plain"]);
    assert!(output.status.success(), "{}", text(&output));
    let after: Vec<String> = (1..=3).map(|n| network_ids(&nodes, n)).collect();
    assert_eq!(before, after, "the networks were touched");
    let image = nodes.docker_ok(
        1,
        &[
            "service",
            "inspect",
            &format!("{}_api", nodes.project),
            "--format",
            "{{.Spec.TaskTemplate.ContainerSpec.Image}}",
        ],
    );
    assert_eq!(image.trim(), "macrame-test/busybox-volume:latest");
    for n in 1..=3 {
        let image = nodes.docker_ok(
            n,
            &["inspect", &container_of(n), "--format", "{{.Config.Image}}"],
        );
        assert_eq!(image.trim(), "macrame-test/busybox-volume:latest", "n{n}");
    }

    // down: no service, no swarm network, no config-only network, no
    // container left on any node.
    nodes.must(&["down", "--progress", "quiet"]);
    assert_eq!(nodes.docker_ok(1, &["service", "ls", "-q"]).trim(), "");
    for n in 1..=3 {
        let networks = network_ids(&nodes, n);
        assert!(!networks.contains(&network), "n{n}: {networks}");
        assert_eq!(
            nodes.docker_ok(n, &["ps", "-aq"]).trim(),
            "",
            "n{n} has containers left"
        );
    }
}

#[test]
fn services_need_a_manager_among_the_nodes() {
    let nodes = Nodes::start(2);
    nodes.file(
        r#"project {project}
node n1 { docker "{n1}" }
node n2 { docker "{n2}" }
network lan {
  parent data0
  subnet 10.236.0.0/24 gateway 10.236.0.1 range 10.236.0.128/25
}
service api { image "{image}"; command "sleep" "3600"; network lan }
"#,
    );
    let output = nodes.macrame(&["up"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("none of the file's nodes is a Swarm manager"),
        "{stderr}"
    );
    for n in 1..=2 {
        assert!(!network_ids(&nodes, n).contains(&nodes.project), "n{n}");
        assert_eq!(nodes.owned(n), Vec::<String>::new());
    }
}

#[test]
fn a_service_whose_tasks_cannot_run_undoes_the_run_on_every_node() {
    let nodes = Nodes::start(2);
    nodes.swarm();
    nodes.file(
        r#"project {project}
node n1 { docker "{n1}" }
node n2 { docker "{n2}" }
network lan {
  parent data0
  subnet 10.237.0.0/24 gateway 10.237.0.1 range 10.237.0.128/25
}
service api { image "macrame-test/absent:latest"; command "sleep" "3600"; replicas 2; network lan }
container plain { node n2; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan }
"#,
    );
    let output = nodes.macrame(&["up", "--progress", "plain", "--wait-timeout", "60"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("service api"), "{stderr}");
    assert!(
        stderr.contains("node n2: project")
            && stderr.contains("applied here, but the Swarm's services failed"),
        "{stderr}"
    );
    assert_eq!(nodes.docker_ok(1, &["service", "ls", "-q"]).trim(), "");
    for n in 1..=2 {
        assert!(
            !network_ids(&nodes, n).contains(&nodes.project),
            "n{n}: {}",
            network_ids(&nodes, n)
        );
        assert_eq!(nodes.owned(n), Vec::<String>::new());
    }
}
