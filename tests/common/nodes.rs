//! Several engines on this machine, each in a network namespace of its
//! own (scripts/nodes), as the nodes of one topology file: a LAN bridge
//! in a hub namespace joins their `data0` parents. A unique prefix per
//! bed; everything is stopped and removed on drop, failed test or not.

#![allow(dead_code)]

use super::bed::IMAGE;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct Nodes {
    pub prefix: String,
    pub project: String,
    /// Each engine's address, `unix:///run/macrame-nodes/PREFIX/nN/docker.sock`.
    pub sockets: Vec<String>,
    dir: tempfile::TempDir,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/nodes")
}

pub fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

impl Nodes {
    pub fn start(count: usize) -> Nodes {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let prefix = format!("mcrt{:03x}{n:x}", std::process::id() % 4096);
        let dir = tempfile::Builder::new()
            .prefix("macrame-nodes")
            .tempdir()
            .unwrap();
        let mut nodes = Nodes {
            project: format!("{prefix}p"),
            prefix,
            sockets: Vec::new(),
            dir,
        };
        let output = Command::new(script())
            .args(["up", &nodes.prefix, &count.to_string()])
            .output()
            .unwrap();
        // Dropped on failure too: what was started is stopped.
        assert!(
            output.status.success(),
            "scripts/nodes up: {}",
            text(&output)
        );
        nodes.sockets = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        assert_eq!(nodes.sockets.len(), count);
        nodes
    }

    /// Makes node 1 a Swarm manager (on its lan0, 10.231.0.1) and joins
    /// the others as workers.
    pub fn swarm(&self) {
        let init = self.docker(1, &["swarm", "init", "--advertise-addr", "10.231.0.1"]);
        assert!(init.status.success(), "swarm init: {}", text(&init));
        let token = self.docker(1, &["swarm", "join-token", "-q", "worker"]);
        let token = String::from_utf8_lossy(&token.stdout).trim().to_string();
        for n in 2..=self.sockets.len() {
            let join = self.docker(n, &["swarm", "join", "--token", &token, "10.231.0.1:2377"]);
            assert!(join.status.success(), "swarm join of n{n}: {}", text(&join));
        }
    }

    /// `docker ARGS` on node `n`, which must succeed; its stdout.
    pub fn docker_ok(&self, n: usize, args: &[&str]) -> String {
        let output = self.docker(n, args);
        assert!(
            output.status.success(),
            "docker {args:?} on n{n}: {}",
            text(&output)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The network namespace of node `n` (1-based).
    pub fn namespace(&self, n: usize) -> String {
        format!("{}-n{n}", self.prefix)
    }

    /// The pid of node `n`'s engine.
    pub fn engine_pid(&self, n: usize) -> i32 {
        let path = format!("/run/macrame-nodes/{}/n{n}/pid", self.prefix);
        std::fs::read_to_string(path)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Writes the topology: `{project}`, `{image}` and `{nN}` (node N's
    /// engine address) replaced.
    pub fn file(&self, text: &str) {
        let mut text = text
            .replace("{project}", &self.project)
            .replace("{image}", IMAGE);
        for (i, socket) in self.sockets.iter().enumerate() {
            text = text.replace(&format!("{{n{}}}", i + 1), socket);
        }
        std::fs::write(self.path(), text).unwrap();
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("macrame.mcr")
    }

    pub fn macrame(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_macrame"))
            .args(args)
            .arg("-f")
            .arg(self.path())
            .env("MACRAME_STATE_DIR", self.dir.path().join("state"))
            .env("MACRAME_SYSTEMD_DIR", self.dir.path().join("units"))
            .output()
            .unwrap()
    }

    /// Runs macrame and insists on success; returns stdout.
    pub fn must(&self, args: &[&str]) -> String {
        let output = self.macrame(args);
        assert!(
            output.status.success(),
            "macrame {args:?}: {}",
            text(&output)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// `docker ARGS` against node `n` (1-based).
    pub fn docker(&self, n: usize, args: &[&str]) -> Output {
        Command::new("docker")
            .args(args)
            .env("DOCKER_HOST", &self.sockets[n - 1])
            .output()
            .unwrap()
    }

    /// Whether a container of node `n` pings `address`.
    pub fn pings(&self, n: usize, container: &str, address: &str) -> bool {
        let output = self.docker(n, &["exec", container, "ping", "-c1", "-W2", address]);
        output.status.success()
            && String::from_utf8_lossy(&output.stdout).contains(" 0% packet loss")
    }

    /// Node `n`'s objects of the project: containers and networks by name.
    pub fn owned(&self, n: usize) -> Vec<String> {
        let label = format!("label=io.macrame.project={}", self.project);
        let mut names = Vec::new();
        for (what, format) in [
            (["ps", "-a"], "{{.Names}}"),
            (["network", "ls"], "{{.Name}}"),
        ] {
            let output = self.docker(
                n,
                &[what[0], what[1], "--filter", &label, "--format", format],
            );
            assert!(output.status.success(), "{}", text(&output));
            names.extend(
                String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            );
        }
        names
    }

    /// The links of node `n`'s host.
    pub fn links(&self, n: usize) -> String {
        let output = Command::new("ip")
            .args(["-n", &self.namespace(n), "-br", "link"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

impl Drop for Nodes {
    fn drop(&mut self) {
        let _ = Command::new(script()).args(["down", &self.prefix]).output();
    }
}
