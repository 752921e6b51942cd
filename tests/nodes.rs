//! A LAN across several engines: each in a network namespace of its own on
//! this machine (tests/common/nodes.rs), joined by a bridge, each with the
//! range of its own that macrame carves. Real engines, real kernel.
//!
//! Needs root and the system's dockerd binary with the test image
//! (`scripts/testbed`; the README's test command runs it first).

mod common;

use common::bed::has_line;
use common::nodes::{Nodes, certificates, text};

const LAN: &str = r#"project {project}
node n1 { docker "{n1}" }
node n2 { docker "{n2}" }
network lan {
  parent data0
  subnet 10.232.0.0/24 gateway 10.232.0.1 range 10.232.0.128/25
}
container a { node n1; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan ip 10.232.0.10 }
container b { node n2; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan ip 10.232.0.11 }
container c { node n2; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan }
shim lan-host { node n1; network lan; address 10.232.0.250/32; route 10.232.0.0/24 }
"#;

#[test]
fn one_lan_spans_two_engines_each_with_its_own_range() {
    let nodes = Nodes::start(2);
    nodes.file(LAN);
    let plan = nodes.must(&["plan"]);
    for line in [
        "[n1] + create network lan (missing)",
        "[n1] + create shim lan-host (missing)",
        "[n1] + create container a (missing)",
        "[n2] + create network lan (missing)",
        "[n2] + create container b (missing)",
        "[n2] + create container c (missing)",
    ] {
        assert!(has_line(&plan, line), "{line} in:\n{plan}");
    }
    let output = nodes.macrame(&["up", "--progress", "plain"]);
    assert!(output.status.success(), "{}", text(&output));
    let progress = String::from_utf8_lossy(&output.stderr);
    assert!(progress.contains("[n2] creating container b"), "{progress}");

    // Across the nodes, both ways; and a node's host through its shim.
    assert!(
        nodes.pings(1, &format!("{}-a", nodes.project), "10.232.0.11"),
        "a on n1 → b on n2"
    );
    assert!(
        nodes.pings(2, &format!("{}-b", nodes.project), "10.232.0.10"),
        "b on n2 → a on n1"
    );
    assert!(
        nodes.pings(2, &format!("{}-b", nodes.project), "10.232.0.250"),
        "b on n2 → n1's shim"
    );
    assert!(
        nodes.links(1).contains("lan-host@data0"),
        "{}",
        nodes.links(1)
    );
    assert!(!nodes.links(2).contains("lan-host"), "{}", nodes.links(2));

    // Each engine hands out its half of the range, and only that.
    let network = format!("{}_lan", nodes.project);
    let range = |n| {
        let output = nodes.docker(
            n,
            &[
                "network",
                "inspect",
                &network,
                "--format",
                "{{range .IPAM.Config}}{{.IPRange}}{{end}}",
            ],
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    assert_eq!(range(1), "10.232.0.128/26");
    assert_eq!(range(2), "10.232.0.192/26");
    let output = nodes.docker(
        2,
        &[
            "inspect",
            &format!("{}-c", nodes.project),
            "--format",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
        ],
    );
    let address: std::net::Ipv4Addr = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap();
    assert!(
        address.octets()[3] >= 192,
        "c got {address}, outside n2's range"
    );

    // A second up changes nothing on any node.
    let output = nodes.macrame(&["plan", "--exit-code"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let plan = String::from_utf8_lossy(&output.stdout);
    assert!(
        has_line(
            &plan,
            "[n1] project {p}: nothing to do"
                .replace("{p}", &nodes.project)
                .as_str()
        ),
        "{plan}"
    );
    assert!(
        has_line(
            &plan,
            "[n2] project {p}: nothing to do"
                .replace("{p}", &nodes.project)
                .as_str()
        ),
        "{plan}"
    );

    let ps = nodes.must(&["ps"]);
    assert!(
        has_line(&ps, "n1 shim lan-host up 10.232.0.250/32 data0"),
        "{ps}"
    );
    assert!(
        has_line(
            &ps,
            &format!("n2 container b running 10.232.0.11 {network}")
        ),
        "{ps}"
    );
    let ps: serde_json::Value =
        serde_json::from_str(&nodes.must(&["ps", "--format", "json"])).unwrap();
    let on_n2 = ps["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["node"] == "n2")
        .count();
    assert_eq!(on_n2, 3, "{ps}");

    // down leaves nothing on any node.
    let down = nodes.must(&["down", "--progress", "quiet"]);
    assert!(down.contains("down on 2 nodes (6 removed)"), "{down}");
    assert_eq!(nodes.owned(1), Vec::<String>::new());
    assert_eq!(nodes.owned(2), Vec::<String>::new());
    assert!(!nodes.links(1).contains("lan-host"), "{}", nodes.links(1));
}

#[test]
fn a_node_stopped_mid_up_rolls_the_run_back_on_the_others() {
    let nodes = Nodes::start(2);
    // n2's `late` waits for `slow` to be healthy, which it is only after
    // a while: long enough to stop n2's engine in the middle.
    nodes.file(
        r#"project {project}
node n1 { docker "{n1}" }
node n2 { docker "{n2}" }
network lan {
  parent data0
  subnet 10.233.0.0/24 gateway 10.233.0.1 range 10.233.0.128/25
}
container a { node n1; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan ip 10.233.0.10 }
container slow {
  node n2; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan ip 10.233.0.11
  health { test shell "test -e /tmp/ready"; interval 1s; retries 60 }
}
container late { node n2; image "{image}"; command "sleep" "3600"; network lan; depends-on slow healthy }
"#,
    );
    let path = nodes.path();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_macrame"))
        .args(["up", "--progress", "plain", "-f"])
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once n1 is done and n2 waits, n2's engine goes away.
    let slow = format!("{}-slow", nodes.project);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let running = nodes.docker(2, &["inspect", "-f", "{{.State.Running}}", &slow]);
        let a = nodes.docker(
            1,
            &[
                "inspect",
                "-f",
                "{{.State.Running}}",
                &format!("{}-a", nodes.project),
            ],
        );
        if String::from_utf8_lossy(&running.stdout).trim() == "true"
            && String::from_utf8_lossy(&a.stdout).trim() == "true"
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "up never got to waiting"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    nix_kill(nodes.engine_pid(2));
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("node n2:"), "{stderr}");
    assert!(
        stderr.contains("node n1: project") && stderr.contains("the run failed on node n2"),
        "{stderr}"
    );
    // n1 is as it was before the run.
    assert_eq!(nodes.owned(1), Vec::<String>::new());
}

fn nix_kill(pid: i32) {
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn an_unreachable_node_fails_the_plan_naming_it_before_anything_is_applied() {
    let nodes = Nodes::start(1);
    nodes.file(
        r#"project {project}
node n1 { docker "{n1}" }
node gone { docker "unix:///run/macrame-nodes/nowhere/docker.sock" }
network lan {
  parent data0
  subnet 10.234.0.0/24 gateway 10.234.0.1 range 10.234.0.128/25
}
container a { node n1; image "{image}"; command "sleep" "3600"; network lan ip 10.234.0.10 }
container b { node gone; image "{image}"; command "sleep" "3600"; network lan ip 10.234.0.11 }
"#,
    );
    for command in ["plan", "up"] {
        let output = nodes.macrame(&[command]);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("node gone (unix:///run/macrame-nodes/nowhere/docker.sock)"),
            "{stderr}"
        );
        assert_eq!(nodes.owned(1), Vec::<String>::new());
    }
}

#[test]
fn a_node_over_tcp_with_tls_is_planned_applied_and_taken_down() {
    let tls = tempfile::tempdir().unwrap();
    certificates(tls.path());
    let nodes = Nodes::start_with(2, Some(tls.path()));
    let file = |ca: &str| {
        format!(
            r#"project {{project}}
node n1 {{
  docker "tcp://10.231.0.1:2376"
  tls {{ ca "{ca}"; cert "{dir}/cert.pem"; key "{dir}/key.pem" }}
}}
node n2 {{ docker "{{n2}}" }}
network lan {{
  parent data0
  subnet 10.238.0.0/24 gateway 10.238.0.1 range 10.238.0.128/25
}}
container a {{ node n1; image "{{image}}"; command "sleep" "3600"; stop-signal KILL; network lan ip 10.238.0.10 }}
container b {{ node n2; image "{{image}}"; command "sleep" "3600"; stop-signal KILL; network lan ip 10.238.0.11 }}
"#,
            dir = tls.path().display()
        )
    };
    // A CA that did not sign the engine's certificate: refused, naming
    // the node and its address.
    nodes.file(&file(&format!("{}/cert.pem", tls.path().display())));
    let output = nodes.macrame_in_hub(&["plan"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("node n1 (tcp://10.231.0.1:2376)"),
        "{stderr}"
    );

    nodes.file(&file(&format!("{}/ca.pem", tls.path().display())));
    let output = nodes.macrame_in_hub(&["up", "--progress", "plain"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        nodes.pings(1, &format!("{}-a", nodes.project), "10.238.0.11"),
        "a on n1 (tcp) → b on n2"
    );
    let output = nodes.macrame_in_hub(&["plan", "--exit-code"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let output = nodes.macrame_in_hub(&["ps"]);
    let ps = String::from_utf8_lossy(&output.stdout);
    assert!(
        has_line(
            &ps,
            &format!("n1 container a running 10.238.0.10 {}_lan", nodes.project)
        ),
        "{ps}"
    );

    // A shim on a node reached over the network is refused: its host is
    // out of reach.
    std::fs::write(
        nodes.path(),
        std::fs::read_to_string(nodes.path()).unwrap()
            + "shim lan-host { node n1; network lan; address 10.238.0.250/32 }\n",
    )
    .unwrap();
    let output = nodes.macrame_in_hub(&["plan"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("node n1: shim lan-host: its node's engine is reached over the network"),
        "{stderr}"
    );

    nodes.file(&file(&format!("{}/ca.pem", tls.path().display())));
    let output = nodes.macrame_in_hub(&["down", "--progress", "quiet"]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(nodes.owned(1), Vec::<String>::new());
    assert_eq!(nodes.owned(2), Vec::<String>::new());
}

#[test]
fn a_node_over_ssh_is_reached_through_the_systems_ssh() {
    let nodes = Nodes::start(2);
    let sshd = nodes.sshd(2);
    nodes.file(
        r#"project {project}
node n1 { docker "{n1}" }
node n2 { docker "ssh://root@10.231.0.2" }
network lan {
  parent data0
  subnet 10.239.0.0/24 gateway 10.239.0.1 range 10.239.0.128/25
}
container a { node n1; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan ip 10.239.0.10 }
container b { node n2; image "{image}"; command "sleep" "3600"; stop-signal KILL; network lan ip 10.239.0.11 }
"#,
    );
    // sshd takes a moment to listen.
    let mut output = nodes.macrame_over_ssh(&sshd, &["plan"]);
    for _ in 0..50 {
        if output.status.success() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        output = nodes.macrame_over_ssh(&sshd, &["plan"]);
    }
    assert!(output.status.success(), "{}", text(&output));
    let plan = String::from_utf8_lossy(&output.stdout);
    assert!(
        has_line(&plan, "[n2] + create container b (missing)"),
        "{plan}"
    );
    let output = nodes.macrame_over_ssh(&sshd, &["up", "--progress", "plain"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        nodes.pings(2, &format!("{}-b", nodes.project), "10.239.0.10"),
        "b (over ssh) → a"
    );
    let output = nodes.macrame_over_ssh(&sshd, &["down", "--progress", "quiet"]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(nodes.owned(2), Vec::<String>::new());
    // The client's known host went into its own home.
    assert!(sshd.home.path().join(".ssh/known_hosts").exists());
}

#[test]
fn a_run_killed_on_several_nodes_is_repaired_by_the_next_up() {
    let nodes = Nodes::start(2);
    nodes.file(LAN);
    // Each node keeps its journal; the fault hook counts the records of
    // all of them, so the kill lands on one node or the other.
    for after in [2, 4, 7, 10] {
        let killed = std::process::Command::new(env!("CARGO_BIN_EXE_macrame"))
            .args(["up", "-f"])
            .arg(nodes.path())
            .env("MACRAME_STATE_DIR", nodes.state_dir())
            .env("MACRAME_SYSTEMD_DIR", nodes.state_dir().join("units"))
            .env("MACRAME_FAULT_AFTER", after.to_string())
            .output()
            .unwrap();
        assert_eq!(
            killed.status.code(),
            None,
            "after {after}: {}",
            text(&killed)
        );
        let output = nodes.macrame(&["up"]);
        assert!(output.status.success(), "after {after}: {}", text(&output));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("] recovering: the last `macrame up`"),
            "after {after}: {stderr}"
        );
        let plan = nodes.macrame(&["plan", "--exit-code"]);
        assert!(plan.status.success(), "after {after}: {}", text(&plan));
        nodes.must(&["down"]);
        for n in [1, 2] {
            assert_eq!(
                nodes.owned(n),
                Vec::<String>::new(),
                "after {after}: node n{n}"
            );
        }
    }
}
