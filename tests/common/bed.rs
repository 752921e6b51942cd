//! A test bed on the real engine and kernel: a veth pair of the test's own
//! (a unique `mc…` prefix, never `eth0`, claimed across processes, with
//! what a dead run left of it removed: see claims.rs), a project name of
//! its own, a topology file in a temporary directory, and a teardown that
//! runs even when the test fails.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

pub const IMAGE: &str = "macrame-test/busybox:latest";

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct Bed {
    pub id: String,
    pub project: String,
    /// The two ends of the test's veth pair: parents for macvlans.
    pub a: String,
    pub b: String,
    dir: tempfile::TempDir,
    /// MACRAME_STATE_DIR of every command the bed runs: its snapshots
    /// (and MACRAME_SYSTEMD_DIR its units, never the host's).
    pub state_dir: PathBuf,
}

pub fn sh(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

/// Runs and insists on success; returns stdout.
/// `docker inspect -f FORMAT OBJECT`, which must succeed.
pub fn docker_inspect(format: &str, object: &str) -> String {
    ok("docker", &["inspect", "-f", format, object])
}

pub fn ok(program: &str, args: &[&str]) -> String {
    let output = sh(program, args);
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The engine the tests talk to (`DOCKER_HOST` or the default socket), as
/// `(major, minor)`: its release (`20.10`, `28.5`) and its API (`1.41`,
/// `1.51`). The suite runs against every engine the test bed starts, and a
/// test asserts what that engine does.
pub struct EngineVersion {
    pub release: (u32, u32),
    pub api: (u32, u32),
}

/// The unix socket of the engine under test (`DOCKER_HOST`, else the
/// system's).
pub fn engine_socket() -> String {
    match std::env::var("DOCKER_HOST") {
        Ok(host) => host
            .strip_prefix("unix://")
            .expect("a unix:// DOCKER_HOST")
            .to_string(),
        Err(_) => "/var/run/docker.sock".to_string(),
    }
}

pub fn engine() -> EngineVersion {
    let text = ok(
        "docker",
        &[
            "version",
            "--format",
            "{{.Server.Version}} {{.Server.APIVersion}}",
        ],
    );
    let mut fields = text.split_whitespace().map(|field| {
        let mut numbers = field
            .split(|c: char| !c.is_ascii_digit())
            .map(|n| n.parse::<u32>().unwrap_or(0));
        (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0))
    });
    EngineVersion {
        release: fields.next().expect("engine version"),
        api: fields.next().expect("engine API version"),
    }
}

/// Whether `text` has `line`, whatever the spacing: plan aligns its
/// columns to the longest name, and test names vary in length.
/// Whether `ping`'s output says every packet came back.
pub fn pings(output: &Output) -> bool {
    output.status.success() && String::from_utf8_lossy(&output.stdout).contains(" 0% packet loss")
}

pub fn has_line(text: &str, line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    text.lines()
        .any(|l| l.split_whitespace().eq(words.iter().copied()))
}

pub struct Run {
    /// -1 when a signal ended it.
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(output: Output) -> Run {
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Bed {
    pub fn new() -> Bed {
        super::needs_runtime();
        let id = super::claims::claim(|| {
            let n = COUNTER.fetch_add(1, Ordering::SeqCst);
            format!("{:03x}{:x}", std::process::id() % 4096, n)
        });
        let dir = tempfile::Builder::new()
            .prefix("macrame-bed")
            .tempdir()
            .unwrap();
        // The bed's own snapshots: none in the host's /var/lib/macrame.
        let state_dir = dir.path().join("state");
        let bed = Bed {
            project: format!("mt{id}"),
            a: format!("mc{id}a"),
            b: format!("mc{id}b"),
            id,
            dir,
            state_dir,
        };
        ok(
            "ip",
            &[
                "link", "add", &bed.a, "type", "veth", "peer", "name", &bed.b,
            ],
        );
        ok("ip", &["link", "set", &bed.a, "up"]);
        ok("ip", &["link", "set", &bed.b, "up"]);
        bed
    }

    /// Writes the topology; `{project}`, `{a}`, `{b}` and `{image}` are
    /// replaced by the bed's own.
    pub fn file(&self, text: &str) -> &Self {
        let text = text
            .replace("{project}", &self.project)
            .replace("{a}", &self.a)
            .replace("{b}", &self.b)
            .replace("{image}", IMAGE);
        std::fs::write(self.path(), text).unwrap();
        self
    }

    /// The bed's directory, where the topology file is.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The id of a container by its Docker name.
    pub fn id_of(&self, docker_name: &str) -> String {
        ok("docker", &["inspect", "-f", "{{.Id}}", docker_name])
            .trim()
            .to_string()
    }

    /// Runs a command inside a container by its Docker name.
    pub fn exec_named(&self, docker_name: &str, command: &[&str]) -> Output {
        let mut args = vec!["exec", docker_name];
        args.extend_from_slice(command);
        sh("docker", &args)
    }

    /// An example of examples/ made to run here, on the test image: its
    /// project the bed's, its NICs the bed's (`nics`: name in the file →
    /// here), its subnets moved by `subnets` (prefix in the file → here),
    /// its fixed names prefixed with the project, every image the test
    /// image running `sleep` under `init`, health checks that pass and
    /// timings of a second, published ports moved up by 10000, devices
    /// /dev/null. What is left is the example's topology, as written.
    pub fn example(&self, path: &str, nics: &[(&str, &str)], subnets: &[(&str, &str)]) -> String {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        let mut out = String::new();
        for line in text.lines() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let mut line = line.to_string();
            if trimmed.starts_with("project ") {
                line = format!("project {}", self.project);
            } else if trimmed.starts_with("image ") {
                line = format!("{indent}image \"{IMAGE}\"; command \"sleep\" \"3600\"; init");
            } else if trimmed.starts_with("command ") {
                continue;
            } else if trimmed.starts_with("test ") {
                line = format!("{indent}test shell \"true\"");
            } else if trimmed.starts_with("device ") {
                line = format!("{indent}device /dev/null:/dev/example:rwm");
            } else if let Some(rest) = trimmed.strip_prefix("name \"") {
                line = format!("{indent}name \"{}-{rest}", self.project);
            } else if let Some(rest) = trimmed.strip_prefix("publish 127.0.0.1:") {
                let (port, tail) = rest.split_once(':').unwrap();
                let port: u32 = port.parse().unwrap();
                line = format!("{indent}publish 127.0.0.1:{}:{tail}", port + 10000);
            }
            for duration in ["interval", "timeout", "start-period"] {
                if let Some(at) = line.find(&format!("{duration} ")) {
                    let end = line[at..].find([';', '\n']).map_or(line.len(), |i| at + i);
                    line.replace_range(at..end, &format!("{duration} 1s"));
                }
            }
            line = line.replace("; name \"", &format!("; name \"{}-", self.project));
            // The engine's own socket, not the system's: with the system
            // engine stopped, a bind of its missing socket would make a
            // directory there.
            if line.contains("volume /var/run/docker.sock:") {
                line = line.replace(
                    "volume /var/run/docker.sock:",
                    &format!("volume {}:", engine_socket()),
                );
            }
            for (from, to) in nics {
                line = replace_word(&line, from, to);
            }
            for (from, to) in subnets {
                line = line.replace(from, to);
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("macrame.mcr")
    }

    /// `macrame COMMAND --timeout 1 --progress PROGRESS --file FILE` on
    /// the bed's state, to be run or spawned as a test needs.
    pub fn command(&self, command: &str, progress: &str) -> Command {
        let mut run = Command::new(env!("CARGO_BIN_EXE_macrame"));
        run.args([command, "--timeout", "1", "--progress", progress, "--file"])
            .arg(self.path())
            .env("MACRAME_STATE_DIR", &self.state_dir)
            .env("MACRAME_SYSTEMD_DIR", self.dir().join("units"));
        run
    }

    pub fn macrame(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_macrame"));
        // The file right after the command's name: `exec`'s own command
        // takes every word after its container.
        let (name, rest) = args.split_first().expect("a command");
        command.arg(name).arg("--file").arg(self.path());
        // The test image's `sleep` is PID 1 and ignores SIGTERM: do not
        // wait the default 10 s for it to stop.
        if matches!(*name, "up" | "down") {
            command.args(["--timeout", "1"]);
        }
        let output = command
            .env("MACRAME_STATE_DIR", &self.state_dir)
            .env("MACRAME_SYSTEMD_DIR", self.dir().join("units"))
            .args(rest)
            .output()
            .unwrap();
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `export` of the file, then `import` of that beside it: against what
    /// `up` made, the import must plan nothing to do (the same objects,
    /// the same config hashes).
    pub fn round_trip(&self) {
        let yaml = self.dir().join("round-trip.yml");
        let topology = self.dir().join("round-trip.mcr");
        self.must(&["export", "-o", yaml.to_str().unwrap()]);
        let binary = env!("CARGO_BIN_EXE_macrame");
        let import = Command::new(binary)
            .arg("import")
            .arg(&yaml)
            .arg("-o")
            .arg(&topology)
            .output()
            .unwrap();
        assert!(
            import.status.success(),
            "import of the export:\n{}",
            String::from_utf8_lossy(&import.stderr)
        );
        let plan = Command::new(binary)
            .args(["plan", "--exit-code", "--file"])
            .arg(&topology)
            .env("MACRAME_STATE_DIR", &self.state_dir)
            .output()
            .unwrap();
        assert_eq!(
            plan.status.code(),
            Some(0),
            "the import of the export plans changes:\n{}{}\n{}",
            String::from_utf8_lossy(&plan.stdout),
            String::from_utf8_lossy(&plan.stderr),
            std::fs::read_to_string(&topology).unwrap_or_default()
        );
    }

    /// `macrame ARGS`, which must succeed.
    pub fn must(&self, args: &[&str]) -> Run {
        let run = self.macrame(args);
        assert_eq!(
            run.status, 0,
            "macrame {args:?}:\n{}\n{}",
            run.stdout, run.stderr
        );
        run
    }

    /// `macrame ARGS`, which must fail with every one of `messages` on
    /// stderr and leave the host exactly as it was.
    pub fn must_refuse(&self, args: &[&str], messages: &[&str]) -> Run {
        let before = self.snapshot();
        let run = self.macrame(args);
        assert_eq!(
            run.status, 1,
            "macrame {args:?}:\n{}{}",
            run.stdout, run.stderr
        );
        for message in messages {
            assert!(
                run.stderr.contains(message),
                "no {message:?} in:\n{}",
                run.stderr
            );
        }
        assert_eq!(self.snapshot(), before, "macrame {args:?} changed the host");
        run
    }

    pub fn container(&self, name: &str) -> String {
        format!("{}-{name}", self.project)
    }

    pub fn network(&self, name: &str) -> String {
        format!("{}_{name}", self.project)
    }

    pub fn container_id(&self, name: &str) -> String {
        ok(
            "docker",
            &["inspect", "-f", "{{.Id}}", &self.container(name)],
        )
        .trim()
        .to_string()
    }

    /// Runs a command inside one of the project's containers.
    pub fn exec(&self, name: &str, command: &[&str]) -> Output {
        let container = self.container(name);
        let mut args = vec!["exec", container.as_str()];
        args.extend_from_slice(command);
        sh("docker", &args)
    }

    /// What a command inside one of the project's containers printed.
    pub fn stdout_of(&self, name: &str, command: &[&str]) -> String {
        String::from_utf8_lossy(&self.exec(name, command).stdout).into_owned()
    }

    /// A container the project does not own, on one of its networks at a
    /// fixed address (removed with the bed).
    pub fn foreign_container(&self, name: &str, network: &str, ip: &str) {
        let tag = format!("macrame-test={}", self.project);
        let name = format!("{}-{name}", self.id);
        let network = self.network(network);
        ok(
            "docker",
            &[
                "run",
                "-d",
                "--label",
                &tag,
                "--name",
                &name,
                "--network",
                &network,
                "--ip",
                ip,
                IMAGE,
                "sleep",
                "600",
            ],
        );
    }

    /// Every Docker object and link this project owns, and every link of
    /// this bed: the host as far as the test can tell, to compare.
    pub fn snapshot(&self) -> Vec<String> {
        let label = format!("label=io.macrame.project={}", self.project);
        let mut state: Vec<String> = Vec::new();
        state.extend(
            ok("docker", &["ps", "-aq", "--no-trunc", "--filter", &label])
                .lines()
                .map(|l| format!("container {l}")),
        );
        state.extend(
            ok(
                "docker",
                &["network", "ls", "-q", "--no-trunc", "--filter", &label],
            )
            .lines()
            .map(|l| format!("network {l}")),
        );
        state.extend(
            ok("ip", &["-o", "link", "show"])
                .lines()
                .filter(|l| {
                    l.contains(&format!("macrame:{}:", self.project))
                        || l.contains(&format!("mc{}", self.id))
                })
                .map(|l| {
                    l.split_whitespace()
                        .nth(1)
                        .unwrap_or("")
                        .trim_end_matches(':')
                        .to_string()
                }),
        );
        state.sort();
        state
    }

    pub fn marked_links(&self) -> Vec<String> {
        ok("ip", &["-o", "link", "show"])
            .lines()
            .filter(|l| l.contains(&format!("macrame:{}:", self.project)))
            .map(|l| l.to_string())
            .collect()
    }
}

/// `text` with the word `from` (not part of a longer name) made `to`.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let is_name = |c: char| c.is_ascii_alphanumeric() || "_.-@".contains(c);
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + from.len()..].chars().next();
        let whole = before.is_none_or(|c| !is_name(c)) && after.is_none_or(|c| !is_name(c));
        out.push_str(&rest[..at]);
        out.push_str(if whole { to } else { from });
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

impl Drop for Bed {
    fn drop(&mut self) {
        // Whatever the test did, and however it ended: down (volumes too),
        // then make sure by label, then the veths (which take their
        // macvlans along).
        let _ = Command::new(env!("CARGO_BIN_EXE_macrame"))
            .args([
                "down",
                "--volumes",
                "--progress",
                "quiet",
                "--timeout",
                "0",
                "-p",
                &self.project,
                "-f",
            ])
            .arg(self.path())
            .env("MACRAME_STATE_DIR", &self.state_dir)
            .output();
        super::claims::remove_project(&self.project);
        let _ = sh("ip", &["link", "del", &self.a]);
        super::claims::release(&self.id);
    }
}
