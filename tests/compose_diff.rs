//! macrame against its peer, docker-compose (Debian's 1.29.2), on the same
//! engine, one after the other: the same stack written as a Compose file
//! and as a topology file; a Compose file brought up by docker-compose and
//! by `macrame import` + `up`; a topology brought up by macrame and its
//! `macrame export` by docker-compose. Every setting the engine records
//! for the containers must agree: capabilities, devices, sysctls, security
//! options, hosts, DNS, user, working directory, init, TTY, stop signal
//! and timeout, restart policy, environment, labels, limits, logging,
//! health check, mounts, addresses and MACs.
//!
//! Needs root, a running dockerd with the test image, and docker-compose,
//! as tests/runtime.rs (the README's test command sets them up).

mod common;

use common::bed::{Bed, IMAGE, engine, ok};
use serde_json::{Value, json};
use std::process::Command;

/// The stack on `parent`, in `10.234.{net}.0/24` (each test its own, as
/// they run at once).
fn compose_file(parent: &str, net: u8) -> String {
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
    .replace("10.234.1.", &format!("10.234.{net}."))
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
            // An anonymous volume's name is the engine's random one.
            let name = if name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()) {
                "(anonymous)".to_string()
            } else {
                name
            };
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
    // Without a `hostname`, the engine's is the container's id.
    let id = inspect["Id"].as_str().unwrap_or_default();
    let hostname = match config["Hostname"].as_str() {
        Some(h) if !h.is_empty() && id.starts_with(h) => json!("(the container's id)"),
        _ => config["Hostname"].clone(),
    };
    json!({
        "cmd": config["Cmd"], "hostname": hostname, "user": config["User"],
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

/// docker-compose in the bed's directory, for one project; its stack goes
/// when the guard does, however the test ends.
struct Compose {
    dir: std::path::PathBuf,
    project: String,
    files: Vec<String>,
}

impl Compose {
    fn new(bed: &Bed, project: &str, files: &[&str]) -> Compose {
        Compose {
            dir: bed.dir().to_path_buf(),
            project: project.to_string(),
            files: files.iter().map(|f| f.to_string()).collect(),
        }
    }

    fn run(&self, args: &[&str]) {
        let mut command = Command::new("docker-compose");
        command.current_dir(&self.dir).args(["-p", &self.project]);
        for file in &self.files {
            command.args(["-f", file]);
        }
        let output = command.args(args).output().expect("docker-compose");
        assert!(
            output.status.success(),
            "docker-compose {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn down(&self) {
        self.run(&["down", "-v", "-t", "0"]);
    }
}

impl Drop for Compose {
    fn drop(&mut self) {
        let mut command = Command::new("docker-compose");
        command.current_dir(&self.dir).args(["-p", &self.project]);
        for file in &self.files {
            command.args(["-f", file]);
        }
        let _ = command.args(["down", "-v", "-t", "0"]).output();
    }
}

/// Every field where the two differ. Compose 1.29 sends a MAC at
/// container level only, which engines of API 1.44 and later (a MAC is
/// per endpoint since) do not apply: measured on 26.1 (API 1.45) and
/// 28.5, where its containers get the MAC made from their address. There
/// the peer is wrong, not macrame, and MACs are left out.
fn differences(mut by_compose: Value, mut by_macrame: Value) -> Vec<String> {
    if engine().api >= (1, 44) {
        for side in [&mut by_compose, &mut by_macrame] {
            for endpoint in side["endpoints"].as_array_mut().unwrap() {
                endpoint["mac"] = json!("(per endpoint)");
            }
        }
    }
    let (a, b) = (
        by_compose.as_object().unwrap(),
        by_macrame.as_object().unwrap(),
    );
    a.keys()
        .filter(|key| a[*key] != b[*key])
        .map(|key| format!("{key}: compose {} / macrame {}", a[key], b[key]))
        .collect()
}

/// `macrame ARGS` in the bed's directory (for `import`, which takes no
/// topology file).
fn macrame_in(bed: &Bed, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_macrame"))
        .current_dir(bed.dir())
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "macrame {args:?}:\n{stderr}");
    stderr
}

#[test]
fn the_same_stack_from_compose_and_from_macrame_runs_the_same() {
    let bed = Bed::new();
    let dir = bed.dir();
    std::fs::create_dir_all(dir.join("conf")).unwrap();
    std::fs::write(dir.join("docker-compose.yml"), compose_file(&bed.a, 1)).unwrap();
    let compose = Compose::new(&bed, &format!("{}c", bed.project), &[]);
    compose.run(&["up", "-d"]);
    let by_compose = settings(&format!("{}_dns_1", compose.project), &compose.project);
    compose.down();

    bed.file(TOPOLOGY);
    bed.must(&["up"]);
    let by_macrame = settings(&bed.container("dns"), &bed.project);
    assert_eq!(
        by_macrame["endpoints"][0]["mac"], "02:42:0a:ea:01:35",
        "macrame sets the MAC"
    );
    let differ = differences(by_compose, by_macrame);
    assert!(differ.is_empty(), "the two differ:\n{}", differ.join("\n"));
}

/// A stack of two files, `.env`, `extends` and two networks, for
/// `import`: Compose's own reading of it is the reference.
fn stack_files(bed: &Bed) {
    let dir = bed.dir();
    std::fs::create_dir_all(dir.join("conf")).unwrap();
    std::fs::create_dir_all(dir.join("common")).unwrap();
    std::fs::write(dir.join("docker-compose.yml"), compose_file(&bed.a, 2)).unwrap();
    std::fs::write(
        dir.join("docker-compose.web.yml"),
        "services:
  web:
    extends: { file: common/base.yml, service: base }
    image: ${IMAGE}
    command: sleep 600
    environment: [ROLE=web, \"GREETING=cost $$5\"]
    depends_on: { dns: { condition: service_started } }
    volumes: [\"cache:/cache\", /scratch]
    networks:
      lan: { ipv4_address: 10.234.2.80 }
      back: { ipv4_address: 172.31.77.10, aliases: [www] }
networks:
  back:
    driver: bridge
    ipam: { config: [ { subnet: 172.31.77.0/24 } ] }
volumes:
  cache: {}
",
    )
    .unwrap();
    std::fs::write(
        dir.join("common/base.yml"),
        "services:
  base:
    restart: always
    cap_add: [SYS_TIME]
    volumes: [\"./site:/site:ro\"]
    labels: { tier: front }
",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("common/site")).unwrap();
    std::fs::write(dir.join(".env"), format!("IMAGE={IMAGE}\n")).unwrap();
}

#[test]
fn a_compose_stack_imported_runs_as_compose_runs_it() {
    let bed = Bed::new();
    stack_files(&bed);
    let files = ["docker-compose.yml", "docker-compose.web.yml"];
    let compose = Compose::new(&bed, &format!("{}c", bed.project), &files);
    compose.run(&["up", "-d"]);
    let names = ["dns", "web"];
    let by_compose: Vec<Value> = names
        .iter()
        .map(|n| settings(&format!("{}_{n}_1", compose.project), &compose.project))
        .collect();
    compose.down();

    let report = macrame_in(
        &bed,
        &[
            "import",
            files[0],
            files[1],
            "-o",
            "macrame.mcr",
            "-p",
            &bed.project,
        ],
    );
    assert!(report.contains("lint: 0 error(s)"), "{report}");
    bed.must(&["up"]);
    for (name, by_compose) in names.iter().zip(by_compose) {
        let by_macrame = settings(&bed.container(name), &bed.project);
        if *name == "dns" {
            // Not the MAC the engine would make from 10.234.2.53.
            assert_eq!(
                by_macrame["endpoints"][0]["mac"], "02:42:0a:ea:01:35",
                "the import keeps the MAC"
            );
        }
        let differ = differences(by_compose, by_macrame);
        assert!(
            differ.is_empty(),
            "{name}: the two differ:\n{}",
            differ.join("\n")
        );
    }
    bed.must(&["down", "--volumes"]);
}

#[test]
fn an_exported_topology_runs_under_compose_as_under_macrame() {
    let bed = Bed::new();
    std::fs::create_dir_all(bed.dir().join("conf")).unwrap();
    let topology = TOPOLOGY.replace("10.234.1.", "10.234.3.");
    bed.file(&format!(
        "{topology}
network back {{ driver bridge; subnet 172.31.78.0/24 }}
container web {{
  image \"{{image}}\"
  command \"sleep\" \"600\"
  env GREETING = \"cost $$5\"
  volume /scratch
  network back ip 172.31.78.10 alias www
  network lan ip 10.234.3.81
  gateway lan
  depends-on dns
  restart always
}}
"
    ));
    bed.must(&["up"]);
    let names = ["dns", "web"];
    let by_macrame: Vec<Value> = names
        .iter()
        .map(|n| settings(&bed.container(n), &bed.project))
        .collect();
    // The export of what is up imports back to nothing to do.
    bed.round_trip();
    let exported = bed.dir().join("compose.yml");
    bed.must(&["export", "-o", exported.to_str().unwrap()]);
    bed.must(&["down", "--volumes"]);

    let compose = Compose::new(&bed, &bed.project, &["compose.yml"]);
    compose.run(&["up", "-d"]);
    for (name, by_macrame) in names.iter().zip(by_macrame) {
        // The export names the containers as macrame does.
        let by_compose = settings(&bed.container(name), &bed.project);
        let differ = differences(by_compose, by_macrame);
        assert!(
            differ.is_empty(),
            "{name}: the two differ:\n{}",
            differ.join("\n")
        );
    }
    compose.down();
}
