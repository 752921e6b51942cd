//! The VM test bed's side of the tests: boot a guest and run one inner
//! test in it (`scripts/vm run`), and what the inner tests look at there.

#![allow(dead_code)]

use super::bed::{docker_inspect, ok, sh};
use std::path::Path;
use std::process::Command;

/// Boots a guest with `options` and runs the inner test `name` in it;
/// returns what it printed. `env` reaches the inner test (names must start
/// with `MACRAME_`, which `scripts/vm` passes on).
pub fn in_vm(name: &str, options: &[&str], env: &[(&str, &str)]) -> String {
    in_vm_all(&[name], options, env)
}

/// Boots one guest with `options` and runs the inner tests `names` in it,
/// one after the other (libtest's order: by name); each must pass. For
/// inner tests that share no NIC and leave nothing another one sees.
pub fn in_vm_all(names: &[&str], options: &[&str], env: &[(&str, &str)]) -> String {
    super::needs_runtime();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/vm");
    let mut command = Command::new(script);
    command
        .arg("run")
        .args(["--timeout", &(540 * names.len()).to_string()])
        .args(options)
        .arg("--")
        .arg(std::env::current_exe().unwrap())
        .arg("--exact")
        .args(names)
        .args(["--include-ignored", "--nocapture", "--test-threads=1"])
        .env("MACRAME_VM_INNER", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run scripts/vm");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Shown with --nocapture, or when the test fails; stderr has the wall
    // time to dockerd-ready.
    println!("{stdout}{stderr}");
    let passed = format!("test result: ok. {} passed", names.len());
    assert!(
        output.status.success() && stdout.contains(&passed),
        "{names:?} in the VM ({options:?}) exited {:?}:\n{stdout}\n{stderr}",
        output.status.code()
    );
    stdout
}

/// An inner test runs only inside the guest; run outside it, it says so
/// instead of passing without having tested anything.
pub fn inside_vm() {
    assert!(
        std::env::var_os("MACRAME_VM_INNER").is_some(),
        "this test runs inside the VM, booted by the test of the same name without `inner_`"
    );
}

/// The host's ping of `address` out of `shim` only (`-I`: never out of
/// another interface), `count` times, waiting `wait` seconds for each.
pub fn host_ping(shim: &str, address: &str, count: &str, wait: &str) -> std::process::Output {
    sh(
        "busybox",
        &["ping", "-c", count, "-W", wait, "-I", shim, address],
    )
}

/// `ip -d -o link show NAME`, or None when it does not exist.
pub fn link(name: &str) -> Option<String> {
    let output = sh("ip", &["-d", "-o", "link", "show", "dev", name]);
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Everything on the host a test could disturb: every link in this
/// namespace, every Docker network and container.
pub fn host_state() -> Vec<String> {
    let mut state: Vec<String> = ok("ip", &["-o", "link", "show"])
        .lines()
        .map(|l| format!("link {}", l.split_whitespace().nth(1).unwrap_or("")))
        .collect();
    state.extend(
        ok("docker", &["network", "ls", "--format", "{{.Name}}"])
            .lines()
            .map(|l| format!("network {l}")),
    );
    state.extend(
        ok("docker", &["ps", "-a", "--format", "{{.Names}}"])
            .lines()
            .map(|l| format!("container {l}")),
    );
    state.sort();
    state
}

pub fn macrame_in(file: &str, args: &[&str]) -> String {
    let (name, rest) = args.split_first().unwrap();
    let mut all = vec![*name, "-f", file];
    all.extend_from_slice(rest);
    ok(env!("CARGO_BIN_EXE_macrame"), &all)
}

pub fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            out.extend(walk(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out
}

/// Each container runs, and has each of its addresses (as /24s).
pub fn assert_running_with(containers: &[(&str, &[&str])]) {
    for (container, addresses) in containers {
        assert_eq!(
            docker_inspect("{{.State.Running}}", container).trim(),
            "true",
            "{container}"
        );
        let shown = ok("docker", &["exec", container, "ip", "-4", "-o", "addr"]);
        for address in *addresses {
            assert!(
                shown.contains(&format!("{address}/24")),
                "{container}: {shown}"
            );
        }
    }
}

/// A container's default route, as `ip route show default` shows it.
pub fn default_route(container: &str) -> String {
    ok(
        "docker",
        &["exec", container, "ip", "route", "show", "default"],
    )
}

/// Boots a guest with systemd as pid 1 and one NIC once for each inner
/// test, in order, on one disk: each boot after the first is a reboot.
pub fn reboots(inner: &[&str]) {
    let dir = tempfile::Builder::new()
        .prefix("macrame-vm-disk")
        .tempdir()
        .unwrap();
    let disk = dir.path().join("disk.img");
    let options = ["--systemd", "--disk", disk.to_str().unwrap(), "--nics", "1"];
    for name in inner {
        in_vm(name, &options, &[]);
    }
}

/// `systemd-analyze verify UNIT`: clean, which is no warning either (it
/// exits 0 on most of them).
pub fn assert_verified(unit: &str) {
    let output = sh("systemd-analyze", &["verify", unit]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "systemd-analyze verify {unit}: {stderr}"
    );
}
