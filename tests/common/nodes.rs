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
        Nodes::start_with(count, None)
    }

    /// As `start`, node 1 also on tcp://10.231.0.1:2376 with TLS, its
    /// certificates (and the client's) made in `tls` by `certificates`.
    pub fn start_with(count: usize, tls: Option<&Path>) -> Nodes {
        super::needs_runtime();
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
        let mut command = Command::new(script());
        command.args(["up", &nodes.prefix, &count.to_string()]);
        if let Some(tls) = tls {
            command.env("MACRAME_NODES_TLS", tls);
        }
        let output = command.output().unwrap();
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

    /// The state folder every run of these nodes is given.
    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
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

    /// Runs macrame in the hub's network namespace, from which the nodes'
    /// addresses (10.231.0.N) are reached.
    pub fn macrame_in_hub(&self, args: &[&str]) -> Output {
        Command::new("nsenter")
            .arg(format!("--net=/run/netns/{}-hub", self.prefix))
            .arg(env!("CARGO_BIN_EXE_macrame"))
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

/// A CA, a server certificate for 10.231.0.1 and a client certificate,
/// made with openssl in `dir`: `ca.pem`, `server-{cert,key}.pem`,
/// `{cert,key}.pem`.
pub fn certificates(dir: &Path) {
    let run = |args: &[&str]| {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "openssl {args:?}: {}",
            text(&output)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=macrame test CA",
        "-keyout",
        "ca-key.pem",
        "-out",
        "ca.pem",
    ]);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:10.231.0.1\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    std::fs::write(dir.join("client.ext"), "extendedKeyUsage=clientAuth\n").unwrap();
    for (name, subject, ext) in [
        ("server-", "/CN=10.231.0.1", "server.ext"),
        ("", "/CN=client", "client.ext"),
    ] {
        let key = format!("{name}key.pem");
        let csr = format!("{name}req.csr");
        let cert = format!("{name}cert.pem");
        run(&[
            "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", &key, "-out", &csr,
        ]);
        run(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca-key.pem",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            ext,
            "-out",
            &cert,
        ]);
    }
}

/// An sshd in a node's namespace, listening on its lan0 address, with a
/// client key and a home for the client: `ssh` reads `~/.ssh` from the
/// passwd home, so the client runs with a home of its own bound over
/// /root in a mount namespace of its own (`Nodes::macrame_over_ssh`), and
/// root's own files are never read or written.
pub struct Sshd {
    pub home: tempfile::TempDir,
    child: std::process::Child,
}

impl Nodes {
    /// Starts sshd in node `n`'s namespace, at 10.231.0.`n`, its sessions'
    /// DOCKER_HOST that node's engine (what `docker system dial-stdio`
    /// reaches, as the docker CLI's ssh:// does).
    pub fn sshd(&self, n: usize) -> Sshd {
        let home = tempfile::Builder::new()
            .prefix("macrame-ssh")
            .tempdir()
            .unwrap();
        let dir = home.path();
        let ssh = dir.join(".ssh");
        std::fs::create_dir_all(&ssh).unwrap();
        let keygen = |path: &Path| {
            let output = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(path)
                .output()
                .unwrap();
            assert!(output.status.success(), "ssh-keygen: {}", text(&output));
        };
        keygen(&dir.join("host_key"));
        keygen(&ssh.join("id_ed25519"));
        std::fs::copy(ssh.join("id_ed25519.pub"), dir.join("authorized_keys")).unwrap();
        std::fs::write(
            ssh.join("config"),
            "Host *\n  StrictHostKeyChecking accept-new\n  UserKnownHostsFile ~/.ssh/known_hosts\n",
        )
        .unwrap();
        let config = dir.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "ListenAddress 10.231.0.{n}\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\nAuthorizedKeysFile {d}/authorized_keys\nPermitRootLogin prohibit-password\nPasswordAuthentication no\nUsePAM no\nStrictModes no\nSetEnv DOCKER_HOST={socket}\n",
                d = dir.display(),
                socket = self.sockets[n - 1]
            ),
        )
        .unwrap();
        // sshd's privilege separation directory, which its package's
        // service would make.
        std::fs::create_dir_all("/run/sshd").unwrap();
        let child = Command::new("nsenter")
            .arg(format!("--net=/run/netns/{}", self.namespace(n)))
            .args(["/usr/sbin/sshd", "-D", "-e", "-f"])
            .arg(&config)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        Sshd { home, child }
    }

    /// Runs macrame in the hub's namespace as an ssh client whose home is
    /// `sshd`'s.
    pub fn macrame_over_ssh(&self, sshd: &Sshd, args: &[&str]) -> Output {
        let mut inner = format!(
            "mount --bind '{}' /root && exec nsenter --net=/run/netns/{}-hub '{}'",
            sshd.home.path().display(),
            self.prefix,
            env!("CARGO_BIN_EXE_macrame")
        );
        for arg in args {
            inner.push_str(&format!(" '{arg}'"));
        }
        inner.push_str(&format!(" -f '{}'", self.path().display()));
        Command::new("unshare")
            .args(["--mount", "sh", "-c", &inner])
            .current_dir(sshd.home.path())
            .env("MACRAME_STATE_DIR", self.dir.path().join("state"))
            .env("MACRAME_SYSTEMD_DIR", self.dir.path().join("units"))
            .output()
            .unwrap()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
