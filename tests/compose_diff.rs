//! macrame against its peer: the same stack written as a Compose file and
//! as a topology file, brought up one after the other on the same engine
//! by docker-compose (Debian's 1.29.2) and by macrame; every setting the
//! engine records for the containers must agree: capabilities, devices,
//! sysctls, security options, hosts, DNS, user, working directory, init,
//! TTY, stop signal and timeout, restart policy, environment, labels,
//! limits, logging, health check, mounts, addresses and MACs.
//!
//! Needs root, a running dockerd with the test image, and docker-compose,
//! as tests/runtime.rs (the README's test command sets them up).

mod common;

use common::bed::{Bed, IMAGE, engine, ok, sh};
use serde_json::{Value, json};
use std::process::Command;

fn compose_file(parent: &str) -> String {
    format!(
        "version: '2.4'
networks:
  lan:
    driver: macvlan
    driver_opts: {{ parent: {parent} }}
    ipam: {{ config: [ {{ subnet: 10.234.1.0/24, gateway: 10.234.1.1 }} ] }}
volumes:
  data: {{}}
services:
  dns:
    image: {IMAGE}
    command: [\"sleep\", \"600\"]
    hostname: dns
    cap_add: [NET_ADMIN, NET_RAW]
    cap_drop: [MKNOD]
    devices: [\"/dev/null:/dev/mynull:rw\"]
    sysctls: {{ net.ipv4.ip_forward: \"1\" }}
    security_opt: [\"no-new-privileges:true\"]
    extra_hosts: [\"nas.lan:10.99.0.2\"]
    dns: [10.234.1.53, 1.1.1.1]
    dns_search: [lan]
    dns_opt: [\"ndots:2\"]
    user: \"1000:1000\"
    working_dir: /srv
    init: true
    tty: true
    stdin_open: true
    stop_signal: SIGINT
    stop_grace_period: 7s
    restart: unless-stopped
    environment: {{ TZ: UTC, MODE: \"dns server\" }}
    labels: {{ team: netops }}
    mem_limit: 64m
    cpus: 0.5
    shm_size: 16m
    pids_limit: 100
    logging: {{ driver: json-file, options: {{ max-size: 1m, max-file: \"2\" }} }}
    healthcheck: {{ test: [\"CMD-SHELL\", \"true\"], interval: 5s, timeout: 2s, retries: 2, start_period: 1s }}
    tmpfs: [\"/run\"]
    volumes: [\"data:/data\", \"./conf:/conf:ro\"]
    mac_address: 02:42:0a:ea:01:35
    networks: {{ lan: {{ ipv4_address: 10.234.1.53 }} }}
"
    )
}

const TOPOLOGY: &str = "project {project}
network lan { parent {a}; subnet 10.234.1.0/24 gateway 10.234.1.1 }
volume data
container dns {
  image \"{image}\"
  command \"sleep\" \"600\"
  hostname dns
  cap-add NET_ADMIN NET_RAW
  cap-drop MKNOD
  device /dev/null:/dev/mynull:rw
  sysctl net.ipv4.ip_forward = 1
  security-opt \"no-new-privileges:true\"
  extra-host nas.lan = 10.99.0.2
  dns 10.234.1.53 1.1.1.1
  dns-search lan
  dns-option ndots:2
  user \"1000:1000\"
  workdir /srv
  init
  tty
  stdin-open
  stop-signal SIGINT
  stop-grace 7s
  restart unless-stopped
  env TZ = \"UTC\"
  env MODE = \"dns server\"
  label team = \"netops\"
  memory 64m
  cpus 0.5
  shm-size 16m
  pids-limit 100
  log json-file { max-size 1m; max-file 2 }
  health { test shell \"true\"; interval 5s; timeout 2s; retries 2; start-period 1s }
  tmpfs /run
  volume data:/data
  volume ./conf:/conf:ro
  network lan ip 10.234.1.53 mac 02:42:0a:ea:01:35
}
";

/// Capabilities without the engine's `CAP_`.
fn bare(list: Value) -> Value {
    json!(
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().trim_start_matches("CAP_").to_string())
            .collect::<Vec<_>>()
    )
}

/// What the engine recorded of a container that either tool should have
/// set the same way, with each tool's own marks (labels, names with its
/// project) taken out.
fn settings(container: &str, project: &str) -> Value {
    let text = ok("docker", &["inspect", container]);
    let inspect: Value = serde_json::from_str::<Value>(&text).unwrap()[0].clone();
    let (config, host) = (&inspect["Config"], &inspect["HostConfig"]);
    let sorted = |value: &Value| {
        let mut list: Vec<String> = value
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default();
        list.sort();
        json!(list)
    };
    let labels: serde_json::Map<String, Value> = config["Labels"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| !k.starts_with("com.docker.compose.") && !k.starts_with("io.macrame."))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut mounts: Vec<Value> = inspect["Mounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let name = m["Name"]
                .as_str()
                .unwrap_or_default()
                .replace(project, "PROJECT");
            json!({
                "type": m["Type"], "destination": m["Destination"], "rw": m["RW"],
                "source": if m["Type"] == "bind" { m["Source"].clone() } else { json!(name) },
            })
        })
        .collect();
    mounts.sort_by_key(|m| m["destination"].as_str().unwrap_or_default().to_string());
    let endpoints: Vec<Value> = inspect["NetworkSettings"]["Networks"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| json!({ "ip": e["IPAddress"], "mac": e["MacAddress"] }))
        .collect();
    json!({
        "cmd": config["Cmd"], "hostname": config["Hostname"], "user": config["User"],
        "workdir": config["WorkingDir"], "tty": config["Tty"], "stdin": config["OpenStdin"],
        "stop_signal": config["StopSignal"], "stop_timeout": config["StopTimeout"],
        "env": sorted(&config["Env"]), "labels": labels, "health": config["Healthcheck"],
        // The engine writes `CAP_` before a capability for clients of API
        // 1.40 and later (bollard's), not for older ones (Compose 1.29's).
        "cap_add": bare(sorted(&host["CapAdd"])), "cap_drop": bare(sorted(&host["CapDrop"])),
        "devices": host["Devices"], "sysctls": host["Sysctls"],
        "security_opt": sorted(&host["SecurityOpt"]), "extra_hosts": sorted(&host["ExtraHosts"]),
        "dns": host["Dns"], "dns_search": host["DnsSearch"], "dns_options": host["DnsOptions"],
        "init": host["Init"], "restart": host["RestartPolicy"]["Name"],
        "memory": host["Memory"], "nano_cpus": host["NanoCpus"], "shm_size": host["ShmSize"],
        "pids_limit": host["PidsLimit"], "log": host["LogConfig"], "tmpfs": host["Tmpfs"],
        "mounts": mounts, "endpoints": endpoints,
    })
}

#[test]
fn the_same_stack_from_compose_and_from_macrame_runs_the_same() {
    let bed = Bed::new();
    let dir = bed.dir();
    std::fs::create_dir_all(dir.join("conf")).unwrap();
    std::fs::write(dir.join("docker-compose.yml"), compose_file(&bed.a)).unwrap();
    let compose_project = format!("{}c", bed.project);
    let compose = |args: &[&str]| {
        let output = Command::new("docker-compose")
            .current_dir(dir)
            .args(["-p", &compose_project])
            .args(args)
            .output()
            .expect("docker-compose");
        assert!(
            output.status.success(),
            "docker-compose {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    // However the test ends, Compose's stack goes too.
    struct Down(std::path::PathBuf, String);
    impl Drop for Down {
        fn drop(&mut self) {
            let _ = Command::new("docker-compose")
                .current_dir(&self.0)
                .args(["-p", &self.1, "down", "-v", "-t", "0"])
                .output();
        }
    }
    let _down = Down(dir.to_path_buf(), compose_project.clone());
    compose(&["up", "-d"]);
    let by_compose = settings(&format!("{compose_project}_dns_1"), &compose_project);
    compose(&["down", "-v", "-t", "0"]);

    bed.file(TOPOLOGY);
    bed.must(&["up"]);
    let mut by_macrame = settings(&bed.container("dns"), &bed.project);
    let mut by_compose = by_compose;
    assert_eq!(
        by_macrame["endpoints"][0]["mac"], "02:42:0a:ea:01:35",
        "macrame sets the MAC"
    );
    // Compose 1.29 sends a MAC at container level only, which engines of
    // API 1.48 and later no longer apply (it is per endpoint since 1.44):
    // there the peer is wrong, not macrame.
    if engine().api >= (1, 48) {
        for side in [&mut by_compose, &mut by_macrame] {
            side["endpoints"][0]["mac"] = json!("(per endpoint)");
        }
    }
    let (a, b) = (
        by_compose.as_object().unwrap(),
        by_macrame.as_object().unwrap(),
    );
    let differ: Vec<String> = a
        .keys()
        .filter(|key| a[*key] != b[*key])
        .map(|key| format!("{key}: compose {} / macrame {}", a[key], b[key]))
        .collect();
    assert!(differ.is_empty(), "the two differ:\n{}", differ.join("\n"));
    let _ = sh(
        "docker",
        &["volume", "rm", &format!("{compose_project}_data")],
    );
}
