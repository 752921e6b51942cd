//! Version 2's container settings on the real engine: each reaches the
//! engine exactly (read back with `docker inspect`), a change to one
//! recreates that container only, and named volumes are the project's:
//! made labelled, kept by `down` and by a recreate, removed by
//! `down --volumes`.
//!
//! Needs root and a running dockerd with the test image, as
//! tests/runtime.rs (the README's test command sets both up).

mod common;

use common::bed::{Bed, docker_inspect, ok, sh};
use serde_json::Value;

fn inspect(name: &str) -> Value {
    let text = ok("docker", &["inspect", name]);
    let list: Value = serde_json::from_str(&text).unwrap();
    list[0].clone()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|list| {
            list.iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

const FILE: &str = "project {project}
network lan { parent {a}; subnet 10.219.1.0/24 gateway 10.219.1.1 }
volume data
container full {
  name \"{project}-exact\"
  image \"{image}\"
  entrypoint \"sleep\"
  command \"600\"
  user \"1000:1000\"
  workdir /srv
  env-file \"app.env\"
  env MODE = \"file\"
  volume data:/data
  volume ./conf:/conf:ro
  volume /anon
  tmpfs /run { size 64m; mode 1777 }
  cap-add NET_ADMIN
  cap-drop MKNOD
  device /dev/null:/dev/mynull:rw
  init
  tty
  stdin-open
  read-only
  sysctl net.ipv4.ip_forward = 1
  dns 10.219.1.53
  dns-search lan
  dns-option ndots:2
  extra-host nas.lan = 10.99.0.2
  security-opt \"no-new-privileges:true\"
  label team = \"netops\"
  stop-signal SIGINT
  stop-grace 2s
  health { test shell \"true\"; interval 1s; timeout 1s; retries 2; start-period 1s }
  memory 64m
  cpus 0.5
  shm-size 16m
  pids-limit 100
  log json-file { max-size 1m; max-file 2 }
  restart unless-stopped
  network lan ip 10.219.1.10
}
container plain { image \"{image}\"; command sleep 600; network lan ip 10.219.1.11 }
container waiter { image \"{image}\"; command sleep 600; network lan ip 10.219.1.12; depends-on full healthy }
";

#[test]
fn every_container_setting_reaches_the_engine_exactly() {
    let bed = Bed::new();
    std::fs::write(
        bed.dir().join("app.env"),
        "# from a file\nTZ=UTC\nMODE=env-file\n",
    )
    .unwrap();
    bed.file(FILE);
    let plan = bed.must(&["plan"]);
    assert!(
        plan.stdout.contains("bind source") && plan.stdout.contains("/conf does not exist"),
        "plan warns of the bind source it will make:\n{}",
        plan.stdout
    );
    bed.must(&["up"]);
    assert!(bed.dir().join("conf").is_dir(), "the bind source was made");

    let full = inspect(&format!("{}-exact", bed.project));
    let config = &full["Config"];
    let host = &full["HostConfig"];
    assert_eq!(strings(&config["Entrypoint"]), ["sleep"]);
    assert_eq!(strings(&config["Cmd"]), ["600"]);
    assert_eq!(config["User"], "1000:1000");
    assert_eq!(config["WorkingDir"], "/srv");
    let env = strings(&config["Env"]);
    assert!(env.contains(&"TZ=UTC".to_string()), "{env:?}");
    assert!(
        env.contains(&"MODE=file".to_string()),
        "the file's env wins: {env:?}"
    );
    assert!(!env.contains(&"MODE=env-file".to_string()), "{env:?}");
    assert_eq!(config["Tty"], true);
    assert_eq!(config["OpenStdin"], true);
    assert_eq!(config["StopSignal"], "SIGINT");
    assert_eq!(config["StopTimeout"], 2);
    assert_eq!(config["Labels"]["team"], "netops");
    assert_eq!(
        config["Labels"]["io.macrame.project"],
        bed.project.as_str(),
        "macrame's own labels stay"
    );
    let health = &config["Healthcheck"];
    assert_eq!(strings(&health["Test"]), ["CMD-SHELL", "true"]);
    assert_eq!(health["Interval"], 1_000_000_000i64);
    assert_eq!(health["Timeout"], 1_000_000_000i64);
    assert_eq!(health["StartPeriod"], 1_000_000_000i64);
    assert_eq!(health["Retries"], 2);

    // The engine records capabilities with `CAP_` for clients of API 1.40+.
    assert_eq!(strings(&host["CapAdd"]), ["CAP_NET_ADMIN"]);
    assert_eq!(strings(&host["CapDrop"]), ["CAP_MKNOD"]);
    assert_eq!(host["Devices"][0]["PathOnHost"], "/dev/null");
    assert_eq!(host["Devices"][0]["PathInContainer"], "/dev/mynull");
    assert_eq!(host["Devices"][0]["CgroupPermissions"], "rw");
    assert_eq!(host["Init"], true);
    assert_eq!(host["ReadonlyRootfs"], true);
    assert_eq!(host["Privileged"], false);
    assert_eq!(host["Sysctls"]["net.ipv4.ip_forward"], "1");
    assert_eq!(strings(&host["Dns"]), ["10.219.1.53"]);
    assert_eq!(strings(&host["DnsSearch"]), ["lan"]);
    assert_eq!(strings(&host["DnsOptions"]), ["ndots:2"]);
    assert_eq!(strings(&host["ExtraHosts"]), ["nas.lan:10.99.0.2"]);
    assert_eq!(strings(&host["SecurityOpt"]), ["no-new-privileges:true"]);
    assert_eq!(host["Memory"], 64 << 20);
    assert_eq!(host["NanoCpus"], 500_000_000);
    assert_eq!(host["ShmSize"], 16 << 20);
    assert_eq!(host["PidsLimit"], 100);
    assert_eq!(host["LogConfig"]["Type"], "json-file");
    assert_eq!(host["LogConfig"]["Config"]["max-size"], "1m");
    assert_eq!(host["LogConfig"]["Config"]["max-file"], "2");
    assert_eq!(host["RestartPolicy"]["Name"], "unless-stopped");
    assert_eq!(host["Tmpfs"]["/run"], "size=67108864,mode=1777");

    let mounts = full["Mounts"].as_array().unwrap();
    let at = |path: &str| {
        mounts
            .iter()
            .find(|m| m["Destination"] == path)
            .unwrap_or_else(|| panic!("no mount at {path}: {mounts:?}"))
    };
    assert_eq!(at("/data")["Type"], "volume");
    assert_eq!(
        at("/data")["Name"],
        format!("{}_data", bed.project).as_str()
    );
    assert_eq!(at("/data")["RW"], true);
    assert_eq!(at("/conf")["Type"], "bind");
    assert_eq!(
        at("/conf")["Source"],
        bed.dir().join("conf").display().to_string().as_str()
    );
    assert_eq!(at("/conf")["RW"], false);
    assert_eq!(at("/anon")["Type"], "volume");

    // The container as the kernel runs it.
    let status = bed.exec_named(&format!("{}-exact", bed.project), &["id", "-u"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout).trim(), "1000");
    let hosts = bed.exec_named(&format!("{}-exact", bed.project), &["cat", "/etc/hosts"]);
    assert!(String::from_utf8_lossy(&hosts.stdout).contains("10.99.0.2\tnas.lan"));

    let volume = inspect(&format!("{}_data", bed.project));
    assert_eq!(volume["Labels"]["io.macrame.project"], bed.project.as_str());
    // (`privileged` is proven in the VM: this machine's own container
    // lacks CAP_SYS_RESOURCE, so runc cannot grant every capability.)

    assert_eq!(
        bed.macrame(&["plan", "--exit-code"]).status,
        0,
        "a second plan is empty"
    );
}

#[test]
fn a_changed_setting_recreates_that_container_only_and_volumes_are_the_projects() {
    let bed = Bed::new();
    std::fs::write(bed.dir().join("app.env"), "TZ=UTC\n").unwrap();
    // A subnet of its own: tests run at once.
    let file = FILE
        .replace(" depends-on full healthy", "")
        .replace("10.219.1.", "10.221.1.");
    bed.file(&file).must(&["up"]);
    let exact = format!("{}-exact", bed.project);
    assert!(
        sh(
            "docker",
            &[
                "exec",
                "-u",
                "0",
                &exact,
                "sh",
                "-c",
                "echo kept > /data/mark"
            ]
        )
        .status
        .success()
    );
    let (full, plain) = (bed.id_of(&exact), bed.container_id("plain"));

    bed.file(&file.replace("cap-add NET_ADMIN", "cap-add NET_ADMIN NET_RAW"));
    let run = bed.must(&["up", "--progress", "plain"]);
    assert_ne!(
        bed.id_of(&exact),
        full,
        "the changed one is recreated:\n{}",
        run.stderr
    );
    assert_eq!(bed.container_id("plain"), plain, "the other one is not");
    let caps = strings(&inspect(&exact)["HostConfig"]["CapAdd"]);
    assert_eq!(caps, ["CAP_NET_ADMIN", "CAP_NET_RAW"]);
    let mark = sh("docker", &["exec", &exact, "cat", "/data/mark"]);
    assert_eq!(
        String::from_utf8_lossy(&mark.stdout).trim(),
        "kept",
        "the named volume stays"
    );

    let volume = format!("{}_data", bed.project);
    let mounts = inspect(&exact)["Mounts"].clone();
    let anonymous = mounts
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["Destination"] == "/anon")
        .map(|m| m["Name"].as_str().unwrap().to_string())
        .unwrap();
    bed.must(&["down"]);
    assert!(
        sh("docker", &["volume", "inspect", &volume])
            .status
            .success(),
        "down keeps volumes"
    );
    bed.must(&["down", "--volumes"]);
    assert!(
        !sh("docker", &["volume", "inspect", &volume])
            .status
            .success(),
        "down --volumes removes the project's"
    );
    // As with Compose, a plain `down` leaves anonymous volumes orphaned.
    let _ = sh("docker", &["volume", "rm", &anonymous]);
}

#[test]
fn an_external_volume_must_exist_and_is_never_removed() {
    let bed = Bed::new();
    let volume = format!("{}-ext", bed.project);
    let file = format!(
        "project {{project}}
network lan {{ parent {{a}}; subnet 10.220.1.0/24 gateway 10.220.1.1 }}
volume media {{ external; name \"{volume}\" }}
container c {{ image \"{{image}}\"; command sleep 600; volume media:/media; network lan ip 10.220.1.10 }}
"
    );
    bed.file(&file);
    bed.must_refuse(
        &["up"],
        &["volume media", "declared external", "docker volume create"],
    );
    ok(
        "docker",
        &[
            "volume",
            "create",
            "--label",
            &format!("macrame-test={}", bed.project),
            &volume,
        ],
    );
    bed.must(&["up"]);
    bed.must(&["down", "--volumes"]);
    assert!(
        sh("docker", &["volume", "inspect", &volume])
            .status
            .success(),
        "an external volume outlives down --volumes"
    );
}

#[test]
fn a_dependent_starts_once_its_dependency_is_healthy() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.225.1.0/24 gateway 10.225.1.1 }
container db {
  image \"{image}\"
  command \"sh\" \"-c\" \"sleep 2; touch /ready; exec sleep 600\"
  init
  health { test shell \"test -e /ready\"; interval 1s; timeout 1s; retries 30 }
  network lan ip 10.225.1.10
}
container web {
  image \"{image}\"
  command sleep 600
  init
  network lan ip 10.225.1.11
  depends-on db healthy
}
",
    );
    let run = bed.must(&["up", "--progress", "plain", "--wait"]);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let at = |line: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(line))
            .unwrap_or_else(|| panic!("no {line:?} in:\n{}", run.stderr))
    };
    assert!(
        at("waiting until healthy container db done") < at("creating container web ..."),
        "web is created only once db is healthy:\n{}",
        run.stderr
    );
    let health = docker_inspect("{{.State.Health.Status}}", &bed.container("db"));
    assert_eq!(health.trim(), "healthy");
}

#[test]
fn an_unhealthy_dependency_fails_with_its_health_log_and_is_undone() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.226.1.0/24 gateway 10.226.1.1 }
container db {
  image \"{image}\"
  command sleep 600
  init
  health { test shell \"echo no answer on 5432; exit 1\"; interval 1s; timeout 1s; retries 1 }
  network lan ip 10.226.1.10
}
container web { image \"{image}\"; command sleep 600; network lan ip 10.226.1.11; depends-on db healthy }
",
    );
    bed.must_refuse(
        &["up"],
        &[
            "container db: turned unhealthy",
            "no answer on 5432",
            "was undone",
        ],
    );
}

#[test]
fn a_wait_ends_at_its_timeout_with_the_checks_so_far() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.227.1.0/24 gateway 10.227.1.1 }
container slow {
  image \"{image}\"
  command sleep 600
  init
  health { test shell \"echo still starting; exit 1\"; interval 1s; retries 100 }
  network lan ip 10.227.1.10
}
",
    );
    let run = bed.macrame(&["up", "--wait", "--wait-timeout", "3"]);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("container slow: was not healthy within 3 s")
            && run.stderr.contains("still starting"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dependent_of_a_completed_container_starts_after_it_exits_and_it_stays_done() {
    let bed = Bed::new();
    bed.file(
        "project {project}
network lan { parent {a}; subnet 10.233.1.0/24 gateway 10.233.1.1 }
container migrate { image \"{image}\"; command \"sh\" \"-c\" \"sleep 1; echo migrated\"; network lan ip 10.233.1.10 }
container app { image \"{image}\"; command sleep 600; init; network lan ip 10.233.1.11; depends-on migrate completed }
",
    );
    let run = bed.must(&["up", "--progress", "plain", "--wait"]);
    assert!(
        run.stderr
            .contains("waiting until completed container migrate done"),
        "{}",
        run.stderr
    );
    let status = docker_inspect(
        "{{.State.Status}} {{.State.ExitCode}}",
        &bed.container("migrate"),
    );
    assert_eq!(status.trim(), "exited 0");
    assert_eq!(
        bed.macrame(&["plan", "--exit-code"]).status,
        0,
        "a container that completed is not started again"
    );
}
